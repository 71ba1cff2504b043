package oneshot.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Which images are enrolled, which are probes and which identities are strangers, chosen reproducibly from a seed.
 *
 * <p>Each identity's images are put in path order, then shuffled with a generator seeded by (seed, identity name), so one
 * identity's choice does not depend on which other identities are present. The first {@code enrol} images of that order form
 * the template; images from position {@code firstProbe} on are probes (with {@code firstProbe} equal for every enrolment size
 * in a comparison, the probes stay the same and only the template grows). Identities with at least {@code firstProbe + 1}
 * images are eligible; for the open set a seeded fraction of them is "known" (enrolled) and every image of every other identity
 * (the other eligible ones and those with too few images) is a stranger probe.
 */
public final class GallerySplit {

    /** Row indices of one identity, in the seeded order. */
    public record Identity(String label, List<Integer> rows) {}

    private final List<Identity> eligible;
    private final List<Identity> ineligible;
    private final int firstProbe;

    private GallerySplit(List<Identity> eligible, List<Identity> ineligible, int firstProbe) {
        this.eligible = eligible;
        this.ineligible = ineligible;
        this.firstProbe = firstProbe;
    }

    /** Splits rows by their labels; rows with an empty label are ignored. */
    public static GallerySplit of(List<String> labels, List<String> paths, int firstProbe, long seed) {
        if (firstProbe < 1) {
            throw new IllegalArgumentException("firstProbe must be at least 1 (one enrolled image), got " + firstProbe);
        }
        Map<String, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            if (l != null && !l.isEmpty()) {
                byLabel.computeIfAbsent(l, k -> new ArrayList<>()).add(i);
            }
        }
        List<Identity> eligible = new ArrayList<>();
        List<Identity> ineligible = new ArrayList<>();
        for (var e : byLabel.entrySet()) {
            List<Integer> rows = e.getValue();
            rows.sort(Comparator.comparing(paths::get));
            Collections.shuffle(rows, new Random(seed * 1_000_003L + e.getKey().hashCode()));
            Identity id = new Identity(e.getKey(), List.copyOf(rows));
            (rows.size() > firstProbe ? eligible : ineligible).add(id);
        }
        return new GallerySplit(List.copyOf(eligible), List.copyOf(ineligible), firstProbe);
    }

    /** A split with a given order (tests and callers that choose the enrolled images themselves). */
    public static GallerySplit fixed(List<Identity> identities, int firstProbe) {
        List<Identity> eligible = new ArrayList<>();
        List<Identity> ineligible = new ArrayList<>();
        for (Identity id : identities) {
            (id.rows().size() > firstProbe ? eligible : ineligible).add(id);
        }
        return new GallerySplit(List.copyOf(eligible), List.copyOf(ineligible), firstProbe);
    }

    public List<Identity> eligible() { return eligible; }
    public List<Identity> ineligible() { return ineligible; }
    public int firstProbe() { return firstProbe; }

    /** Rows enrolled for an identity when {@code enrol} images are used (enrol <= firstProbe). */
    public List<Integer> enrolled(Identity id, int enrol) {
        if (enrol < 1 || enrol > firstProbe) {
            throw new IllegalArgumentException("enrol must be in 1.." + firstProbe + ", got " + enrol);
        }
        return id.rows().subList(0, enrol);
    }

    public List<Integer> probes(Identity id) {
        return id.rows().subList(firstProbe, id.rows().size());
    }

    /**
     * The eligible identities kept in the open-set gallery: a seeded {@code fraction} of them (at least one). Returned in
     * label order.
     */
    public List<Identity> known(double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("known fraction must be in (0, 1], got " + fraction);
        }
        List<Identity> shuffled = new ArrayList<>(eligible);
        Collections.shuffle(shuffled, new Random(seed));
        int k = (int) Math.round(fraction * shuffled.size());
        k = Math.max(1, Math.min(k, shuffled.size()));
        List<Identity> known = new ArrayList<>(shuffled.subList(0, k));
        known.sort(Comparator.comparing(Identity::label));
        return known;
    }
}
