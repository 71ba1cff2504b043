package oneshot.gallery;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Which face of an image to use when a single one is needed: the only one (default), the largest, or by number.
 * An image with several faces and no choice is refused, so nobody is enrolled under the wrong name by accident.
 */
public record FaceSelection(boolean largest, int number) {
    public static final FaceSelection ONLY = new FaceSelection(false, 0);
    public static final FaceSelection LARGEST = new FaceSelection(true, 0);

    /** Parses {@code --face}: "largest" or a face number (1 = first face found); null means the only face. */
    public static FaceSelection parse(String option) {
        if (option == null) {
            return ONLY;
        }
        if (option.equalsIgnoreCase("largest")) {
            return LARGEST;
        }
        try {
            int n = Integer.parseInt(option.trim());
            if (n >= 1) {
                return new FaceSelection(false, n);
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new oneshot.UsageException("--face must be 'largest' or a face number from 1, got '" + option + "'");
    }

    /**
     * How many times larger (box area) than every other face a face must be to count as the image's subject when no face
     * was chosen: 4, i.e. the others are at most half its width, as a bystander or a poster behind a portrait sitter.
     */
    public static final double DOMINANT_AREA_RATIO = 4.0;

    /** Index of the face at least {@link #DOMINANT_AREA_RATIO} times the area of each other one, or -1. */
    public static int dominant(List<EncodedFace> faces) {
        int best = -1;
        for (int i = 0; i < faces.size(); i++) {
            if (best < 0 || faces.get(i).box().area() > faces.get(best).box().area()) {
                best = i;
            }
        }
        for (int i = 0; i < faces.size(); i++) {
            if (i != best && faces.get(best).box().area() < DOMINANT_AREA_RATIO * faces.get(i).box().area()) {
                return -1;
            }
        }
        return best;
    }

    /** The chosen face, or a message saying why there is none or why a choice is needed (with the faces listed). */
    public EncodedFace pick(List<EncodedFace> faces, Path image) {
        if (faces.isEmpty()) {
            throw new GalleryException("No face found in " + image + ": nothing done. Use a photo where the face is clearly"
                    + " visible and not too small.");
        }
        if (largest) {
            EncodedFace best = faces.get(0);
            for (EncodedFace f : faces) {
                if (f.box().area() > best.box().area()) {
                    best = f;
                }
            }
            return best;
        }
        if (number > 0) {
            if (number > faces.size()) {
                throw new GalleryException(image + " has " + faces.size() + " face(s); there is no face " + number + ".\n"
                        + describe(faces));
            }
            return faces.get(number - 1);
        }
        if (faces.size() > 1) {
            throw new GalleryException(image + " has " + faces.size() + " faces: pick one with --face largest or --face N.\n"
                    + describe(faces));
        }
        return faces.get(0);
    }

    private static String describe(List<EncodedFace> faces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < faces.size(); i++) {
            EncodedFace f = faces.get(i);
            sb.append(String.format(Locale.ROOT, "  face %d: box %s, detector score %.2f%n", i + 1, f.box(), f.score()));
        }
        return sb.toString().stripTrailing();
    }
}
