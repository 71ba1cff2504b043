package oneshot.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import oneshot.embed.EmbeddingTable;

/**
 * 1:K recognition against a gallery of per-identity templates (the mean of the enrolled embeddings, scaled to unit length).
 *
 * <p>Closed set: every probe's identity is enrolled; the rank of the true identity is 1 + the number of other templates at a
 * distance {@code <=} the true one (ties count against the probe), giving rank-1, rank-5 and the CMC curve.
 * Open set: a probe is accepted when its nearest template is closer than the threshold; DIR (detection and identification rate)
 * is the fraction of enrolled-identity probes that are accepted AND whose nearest template is the true one, FAR the fraction of
 * stranger probes accepted. The curve is a {@link RocCurve} whose positives are the correctly identified probes (at their
 * distance) and whose negatives are the strangers (at their nearest distance); misidentified probes count as never accepted.
 */
public final class Identification {

    /** Closed-set result; {@code cmc[r-1]} = fraction of probes whose true identity is within the first r. */
    public record ClosedSet(int enrol, int galleryIdentities, int probes, double[] cmc) {
        /** Share of probes identified within rank r; ranks past the gallery size are the whole gallery (1.0). */
        public double rank(int r) {
            if (r > cmc.length && cmc.length < galleryIdentities) {
                throw new IllegalArgumentException("the CMC is kept up to rank " + cmc.length + ", asked for " + r);
            }
            return cmc[Math.min(r, cmc.length) - 1];
        }
    }

    /** Open-set result: the DIR-vs-FAR curve and the counts behind it. */
    public record OpenSet(int enrol, int galleryIdentities, int genuineProbes, int strangerProbes, RocCurve dirFar) {
        /** The operating point (threshold, FAR, DIR as tar) with the highest DIR at FAR <= target. */
        public RocCurve.Point atFar(double targetFar) { return dirFar.atFar(targetFar); }
    }

    /** What a probe search found. {@code trueRank} is 0 when the probe's identity is not in the gallery. */
    record Hit(double nearest, double trueDistance, int trueRank) {}

    private static final int MAX_CMC_RANK = 100;

    private Identification() {}

    public static ClosedSet closedSet(EmbeddingTable t, GallerySplit split, int enrol, Distance distance) {
        List<GallerySplit.Identity> gallery = split.eligible();
        if (gallery.size() < 2) {
            throw new IllegalArgumentException("closed-set identification needs at least 2 identities with more than "
                    + split.firstProbe() + " images; the table has " + gallery.size());
        }
        float[][] templates = templates(t, split, gallery, enrol);
        List<Integer> probes = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int g = 0; g < gallery.size(); g++) {
            for (int row : split.probes(gallery.get(g))) {
                probes.add(row);
                truth.add(g);
            }
        }
        Hit[] hits = search(t, templates, probes, truth, distance);
        int maxRank = Math.min(MAX_CMC_RANK, gallery.size());
        long[] atRank = new long[maxRank + 1];
        for (Hit h : hits) {
            if (h.trueRank() <= maxRank) {
                atRank[h.trueRank()]++;
            }
        }
        double[] cmc = new double[maxRank];
        long cum = 0;
        for (int r = 1; r <= maxRank; r++) {
            cum += atRank[r];
            cmc[r - 1] = cum / (double) hits.length;
        }
        return new ClosedSet(enrol, gallery.size(), hits.length, cmc);
    }

    public static OpenSet openSet(EmbeddingTable t, GallerySplit split, List<GallerySplit.Identity> known, int enrol,
            Distance distance) {
        float[][] templates = templates(t, split, known, enrol);
        Set<String> knownLabels = new HashSet<>();
        List<Integer> probes = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (int g = 0; g < known.size(); g++) {
            knownLabels.add(known.get(g).label());
            for (int row : split.probes(known.get(g))) {
                probes.add(row);
                truth.add(g);
            }
        }
        int genuine = probes.size();
        for (List<GallerySplit.Identity> group : List.of(split.eligible(), split.ineligible())) {
            for (GallerySplit.Identity id : group) {
                if (!knownLabels.contains(id.label())) {
                    for (int row : id.rows()) {
                        probes.add(row);
                        truth.add(-1);
                    }
                }
            }
        }
        int strangers = probes.size() - genuine;
        if (genuine == 0 || strangers == 0) {
            throw new IllegalArgumentException("open-set identification needs probes of enrolled identities (" + genuine
                    + ") and strangers (" + strangers + ")");
        }
        Hit[] hits = search(t, templates, probes, truth, distance);
        double[] d = new double[hits.length];
        boolean[] positive = new boolean[hits.length];
        for (int i = 0; i < hits.length; i++) {
            if (i < genuine) {
                positive[i] = true;
                d[i] = hits[i].trueRank() == 1 ? hits[i].trueDistance() : Double.POSITIVE_INFINITY;
            } else {
                d[i] = hits[i].nearest();
            }
        }
        return new OpenSet(enrol, known.size(), genuine, strangers, RocCurve.of(d, positive));
    }

    /** Each identity's template from its first {@code enrol} embeddings ({@link Templates#of}, as the gallery builds it). */
    static float[][] templates(EmbeddingTable t, GallerySplit split, List<GallerySplit.Identity> ids, int enrol) {
        float[][] out = new float[ids.size()][];
        for (int g = 0; g < ids.size(); g++) {
            List<float[]> vectors = new java.util.ArrayList<>();
            for (int row : split.enrolled(ids.get(g), enrol)) {
                vectors.add(t.vector(row));
            }
            out[g] = Templates.of(vectors);
        }
        return out;
    }

    /** Distances of every probe to every template; parallel over probes, results in probe order (deterministic). */
    static Hit[] search(EmbeddingTable t, float[][] templates, List<Integer> probes, List<Integer> truth, Distance distance) {
        Hit[] hits = new Hit[probes.size()];
        IntStream.range(0, probes.size()).parallel().forEach(i -> {
            float[] p = t.vector(probes.get(i));
            int g0 = truth.get(i);
            double[] d = new double[templates.length];
            double nearest = Double.POSITIVE_INFINITY;
            for (int g = 0; g < templates.length; g++) {
                d[g] = distance.between(p, templates[g]);
                nearest = Math.min(nearest, d[g]);
            }
            if (g0 < 0) {
                hits[i] = new Hit(nearest, Double.NaN, 0);
            } else {
                int rank = 1;
                for (int g = 0; g < templates.length; g++) {
                    if (g != g0 && d[g] <= d[g0]) {
                        rank++;
                    }
                }
                hits[i] = new Hit(nearest, d[g0], rank);
            }
        });
        return hits;
    }
}
