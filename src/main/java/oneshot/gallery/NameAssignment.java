package oneshot.gallery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names the faces of one image from their candidate lists. With unique names, an enrolled person names at most one face:
 * accepted (face, person) pairs are taken nearest first, so in a group photo the face closest to Penny's template is Penny
 * and a second face that also resembles her gets its next accepted candidate, or stays unknown.
 */
public final class NameAssignment {
    private NameAssignment() {}

    /**
     * @param nearestFirst per face, its nearest enrolled people, nearest first (search more candidates than shown when
     *                     unique, so a face whose first choice is taken can fall back on its next)
     * @param shown how many candidates each verdict keeps
     */
    public static List<Verdict> assign(List<List<Match>> nearestFirst, Threshold threshold, boolean unique, int shown) {
        int n = nearestFirst.size();
        String[] names = new String[n];
        double[] distances = new double[n];
        for (int i = 0; i < n; i++) {
            List<Match> c = nearestFirst.get(i);
            distances[i] = c.isEmpty() ? Double.NaN : c.get(0).distance();
            if (!unique && !c.isEmpty() && threshold.accepts(c.get(0).distance())) {
                names[i] = c.get(0).name();
            }
        }
        if (unique) {
            record Pair(int face, Match match) {}
            List<Pair> accepted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (Match m : nearestFirst.get(i)) {
                    if (threshold.accepts(m.distance())) {
                        accepted.add(new Pair(i, m));
                    }
                }
            }
            accepted.sort(Comparator.comparingDouble((Pair p) -> p.match().distance()).thenComparingInt(Pair::face));
            Set<String> taken = new HashSet<>();
            for (Pair p : accepted) {
                if (names[p.face()] == null && !taken.contains(p.match().name())) {
                    names[p.face()] = p.match().name();
                    distances[p.face()] = p.match().distance();
                    taken.add(p.match().name());
                }
            }
        }
        List<Verdict> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Match> c = nearestFirst.get(i);
            out.add(new Verdict(names[i], distances[i], threshold.value(), List.copyOf(c.subList(0, Math.min(shown, c.size())))));
        }
        return out;
    }
}
