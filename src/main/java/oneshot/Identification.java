package oneshot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import oneshot.gallery.FaceAnnotator;
import oneshot.gallery.Match;
import oneshot.gallery.Verdict;

/**
 * Who one face of an image is, according to a {@link Gallery}: a name, or unknown.
 *
 * @param face the face
 * @param name the enrolled person it was named as, or null for unknown (nearest person too far away, gallery empty, or,
 *             with unique names, the nearest people already given to closer faces of the same image)
 * @param distance squared L2 to the named person, or to the nearest one when unknown (NaN for an empty gallery)
 * @param candidates the nearest enrolled people, nearest first (as many as {@link OneShotOptions#candidates})
 */
public record Identification(Face face, String name, double distance, List<Match> candidates) {
    /** What an unknown face is called in labels. */
    public static final String UNKNOWN = "unknown";

    /** True when the face was named. */
    public boolean known() {
        return name != null;
    }

    /** The name, or "unknown". */
    public String label() {
        return known() ? name : UNKNOWN;
    }

    /** A copy of the photo with each face's box and label (green: named, with its distance; red: unknown). */
    public static BufferedImage draw(BufferedImage photo, List<Identification> who) {
        List<FaceAnnotator.Label> labels = new ArrayList<>(who.size());
        for (Identification id : who) {
            labels.add(new FaceAnnotator.Label(id.face().box(), new Verdict(id.name(), id.distance(), Double.NaN,
                    id.candidates())));
        }
        return FaceAnnotator.draw(photo, labels);
    }
}
