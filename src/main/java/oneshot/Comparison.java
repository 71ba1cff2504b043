package oneshot;

import oneshot.gallery.Threshold;

/**
 * Whether two faces are the same person: their distance, the threshold it was held against and where that threshold
 * came from (calibrated by an evaluation of this model, given, or OpenFace's uncalibrated default, which says so).
 *
 * @param distance squared L2 between the two unit embeddings (0 identical, 4 opposite)
 * @param threshold the cut-off
 * @param rule {@code "<"} (a calibrated threshold keeps the rule of the report that measured its FAR) or {@code "<="}
 *             (a threshold given by hand)
 * @param origin where the threshold came from, in words
 * @param calibrated true when the threshold was calibrated for this model
 * @param same true when the distance passes the threshold: the same person
 */
public record Comparison(double distance, double threshold, String rule, String origin, boolean calibrated, boolean same) {
    static Comparison of(double distance, Threshold t) {
        return new Comparison(distance, t.value(), t.rule(), t.origin(), t.calibrated(), t.accepts(distance));
    }
}
