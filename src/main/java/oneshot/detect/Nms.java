package oneshot.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression as in the original MTCNN code: areas count inclusive pixels ({@code +1}); a box is
 * dropped when its overlap with a better kept box exceeds the threshold. {@code MIN} divides the intersection by the
 * smaller area (the last stage), {@code UNION} by the union.
 */
final class Nms {
    enum Mode { UNION, MIN }

    private Nms() {}

    static List<Candidate> apply(List<Candidate> boxes, double threshold, Mode mode) {
        List<Candidate> order = new ArrayList<>(boxes);
        // the original sorts ascending and takes from the end: on ties the later box wins; a stable descending sort
        // of the reversed list reproduces that.
        java.util.Collections.reverse(order);
        order.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<Candidate> kept = new ArrayList<>();
        boolean[] dead = new boolean[order.size()];
        for (int i = 0; i < order.size(); i++) {
            if (dead[i]) {
                continue;
            }
            Candidate a = order.get(i);
            kept.add(a);
            double areaA = (a.x2 - a.x1 + 1) * (a.y2 - a.y1 + 1);
            for (int j = i + 1; j < order.size(); j++) {
                if (dead[j]) {
                    continue;
                }
                Candidate b = order.get(j);
                double w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + 1);
                double h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + 1);
                double inter = w * h;
                double areaB = (b.x2 - b.x1 + 1) * (b.y2 - b.y1 + 1);
                double o = mode == Mode.MIN ? inter / Math.min(areaA, areaB) : inter / (areaA + areaB - inter);
                if (o > threshold) {
                    dead[j] = true;
                }
            }
        }
        return kept;
    }
}
