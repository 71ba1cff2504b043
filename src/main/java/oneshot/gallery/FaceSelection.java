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
    public static int dominant(List<FaceBox> boxes) {
        int best = -1;
        for (int i = 0; i < boxes.size(); i++) {
            if (best < 0 || boxes.get(i).area() > boxes.get(best).area()) {
                best = i;
            }
        }
        for (int i = 0; i < boxes.size(); i++) {
            if (i != best && boxes.get(best).area() < DOMINANT_AREA_RATIO * boxes.get(i).area()) {
                return -1;
            }
        }
        return best;
    }

    /**
     * Which of the faces (their boxes and detector scores, in the detector's order) to use, or a message saying why there
     * is none or why a choice is needed (with the faces listed).
     */
    public int index(List<FaceBox> boxes, List<Double> scores, Path image) {
        if (boxes.isEmpty()) {
            throw new GalleryException("No face found in " + image + ": nothing done. Use a photo where the face is clearly"
                    + " visible and not too small.");
        }
        if (largest) {
            int best = 0;
            for (int i = 1; i < boxes.size(); i++) {
                if (boxes.get(i).area() > boxes.get(best).area()) {
                    best = i;
                }
            }
            return best;
        }
        if (number > 0) {
            if (number > boxes.size()) {
                throw new GalleryException(image + " has " + boxes.size() + " face(s); there is no face " + number + ".\n"
                        + describe(boxes, scores));
            }
            return number - 1;
        }
        if (boxes.size() > 1) {
            throw new GalleryException(image + " has " + boxes.size() + " faces: pick one with --face largest or --face N.\n"
                    + describe(boxes, scores));
        }
        return 0;
    }

    private static String describe(List<FaceBox> boxes, List<Double> scores) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < boxes.size(); i++) {
            sb.append(String.format(Locale.ROOT, "  face %d: box %s, detector score %.2f%n", i + 1, boxes.get(i), scores.get(i)));
        }
        return sb.toString().stripTrailing();
    }
}
