package oneshot.gallery;

import java.util.List;

/**
 * The answer for one face: the best match if its distance passes the threshold, otherwise "unknown".
 *
 * @param name the accepted identity, or null when unknown
 * @param distance distance to the nearest identity (NaN for an empty gallery)
 * @param candidates the top matches, nearest first
 */
public record Verdict(String name, double distance, double threshold, List<Match> candidates) {
    public static final String UNKNOWN = "unknown";

    public static Verdict of(List<Match> nearestFirst, Threshold threshold) {
        if (nearestFirst.isEmpty()) {
            return new Verdict(null, Double.NaN, threshold.value(), List.of());
        }
        Match best = nearestFirst.get(0);
        String name = threshold.accepts(best.distance()) ? best.name() : null;
        return new Verdict(name, best.distance(), threshold.value(), List.copyOf(nearestFirst));
    }

    public boolean known() {
        return name != null;
    }

    /** The name, or "unknown". */
    public String label() {
        return known() ? name : UNKNOWN;
    }
}
