package oneshot.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import oneshot.embed.EmbeddingTable;

/**
 * Verification pairs made from identity labels, for a user's own people without a pairs file: LFW View 2's protocol
 * applied to any identity folder.
 *
 * <p>People are dealt into up to {@link #MAX_FOLDS} folds, seeded, so a fold's threshold is always picked on other people.
 * Within a fold: every same-person pair of its people (at most {@link #MAX_GENUINE_PER_IDENTITY} per person, a seeded
 * sample beyond that, so one person with many photos does not decide the threshold), and as many different-person pairs,
 * each two seeded random images of two different people of the fold. One-image people serve only in different-person
 * pairs. Needs at least 2 people with 2+ images and 4 people in all (2 folds of 2).
 */
public final class IdentityPairs {
    public static final int MAX_FOLDS = 10;
    public static final int MAX_GENUINE_PER_IDENTITY = 50;

    private IdentityPairs() {}

    /** One pair of table rows; {@code fold} is 0-based. */
    public record Pair(int row1, int row2, boolean same, int fold) {}

    /** The pairs' scores, or {@code null} when the labels do not allow two folds (say why with {@link #why}). */
    public static VerificationScores of(EmbeddingTable table, Distance distance, long seed) {
        List<Pair> pairs = pairs(table, seed);
        if (pairs == null) {
            return null;
        }
        double[] d = new double[pairs.size()];
        boolean[] s = new boolean[pairs.size()];
        int[] f = new int[pairs.size()];
        for (int i = 0; i < d.length; i++) {
            Pair p = pairs.get(i);
            d[i] = distance.between(table.vector(p.row1()), table.vector(p.row2()));
            s[i] = p.same();
            f[i] = p.fold();
        }
        return VerificationScores.of(d, s, f);
    }

    /** The pairs, fold by fold (same-person pairs first in each), or {@code null} when there cannot be two folds. */
    public static List<Pair> pairs(EmbeddingTable table, long seed) {
        GallerySplit people = GallerySplit.of(table.labels(), table.paths(), 1, seed);
        List<GallerySplit.Identity> withPairs = new ArrayList<>(people.eligible());
        List<GallerySplit.Identity> single = new ArrayList<>(people.ineligible());
        int folds = folds(withPairs.size(), withPairs.size() + single.size());
        if (folds < 2) {
            return null;
        }
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        Collections.shuffle(withPairs, rnd);
        Collections.shuffle(single, rnd);
        List<List<GallerySplit.Identity>> byFold = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            byFold.add(new ArrayList<>());
        }
        // dealt round-robin, people with pairs first: every fold gets same-person pairs and at least 2 people
        int k = 0;
        for (GallerySplit.Identity id : withPairs) {
            byFold.get(k++ % folds).add(id);
        }
        for (GallerySplit.Identity id : single) {
            byFold.get(k++ % folds).add(id);
        }
        List<Pair> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<GallerySplit.Identity> ids = byFold.get(f);
            int genuine = 0;
            for (GallerySplit.Identity id : ids) {
                for (int[] p : genuinePairs(id.rows(), rnd)) {
                    out.add(new Pair(p[0], p[1], true, f));
                    genuine++;
                }
            }
            Set<Long> seen = new HashSet<>();
            int impostor = 0;
            for (int attempt = 0; impostor < genuine && attempt < 100 * genuine; attempt++) {
                int a = rnd.nextInt(ids.size());
                int b = rnd.nextInt(ids.size() - 1);
                b = b >= a ? b + 1 : b;
                List<Integer> ra = ids.get(a).rows();
                List<Integer> rb = ids.get(b).rows();
                int x = ra.get(rnd.nextInt(ra.size()));
                int y = rb.get(rnd.nextInt(rb.size()));
                if (seen.add(Math.min(x, y) * (long) table.size() + Math.max(x, y))) {
                    out.add(new Pair(x, y, false, f));
                    impostor++;
                }
            }
        }
        return out;
    }

    /** Why {@link #of} has no pairs for these labels, or {@code null} when it has. */
    public static String why(EmbeddingTable table, long seed) {
        GallerySplit people = GallerySplit.of(table.labels(), table.paths(), 1, seed);
        int withPairs = people.eligible().size();
        int all = withPairs + people.ineligible().size();
        if (folds(withPairs, all) >= 2) {
            return null;
        }
        return "verification pairs from labels need 2+ people with 2+ images and 4 people in all; the table has "
                + withPairs + " people with 2+ images and " + all + " in all";
    }

    private static int folds(int withPairs, int all) {
        return Math.min(MAX_FOLDS, Math.min(withPairs, all / 2));
    }

    /** Every pair of the rows, or a seeded sample of {@link #MAX_GENUINE_PER_IDENTITY} of them. */
    private static List<int[]> genuinePairs(List<Integer> rows, Random rnd) {
        List<int[]> all = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                all.add(new int[] {rows.get(i), rows.get(j)});
            }
        }
        if (all.size() > MAX_GENUINE_PER_IDENTITY) {
            Collections.shuffle(all, rnd);
            return all.subList(0, MAX_GENUINE_PER_IDENTITY);
        }
        return all;
    }
}
