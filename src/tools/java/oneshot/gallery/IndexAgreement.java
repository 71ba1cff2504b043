package oneshot.gallery;

import java.util.List;

/**
 * How closely one index follows the exact float32 scan on a set of probes: the same nearest identity (recall@1 of an
 * approximate index, top-1 agreement of a compact one), the same distance to it, and the same open-set decision at a
 * threshold (the nearest name when accepted, "unknown" otherwise).
 */
public record IndexAgreement(int probes, int sameTop1, int sameTop1Distance, int sameDecision, int acceptedByExact) {

    /** Compares {@code candidate} with {@code exact} on every probe. */
    public static IndexAgreement measure(TemplateIndex exact, TemplateIndex candidate, List<float[]> probes,
            Threshold threshold) {
        int top1 = 0, distance = 0, decision = 0, accepted = 0;
        for (float[] p : probes) {
            Match e = exact.search(p, 1).get(0);
            List<Match> got = candidate.search(p, 1);
            Match c = got.isEmpty() ? null : got.get(0);
            boolean sameName = c != null && c.name().equals(e.name());
            top1 += sameName ? 1 : 0;
            distance += sameName && c.distance() == e.distance() ? 1 : 0;
            String de = threshold.accepts(e.distance()) ? e.name() : null;
            String dc = c != null && threshold.accepts(c.distance()) ? c.name() : null;
            accepted += de != null ? 1 : 0;
            decision += de == null ? (dc == null ? 1 : 0) : (de.equals(dc) ? 1 : 0);
        }
        return new IndexAgreement(probes.size(), top1, distance, decision, accepted);
    }

    public double recallAt1() {
        return probes == 0 ? 1.0 : (double) sameTop1 / probes;
    }

    public double decisionAgreement() {
        return probes == 0 ? 1.0 : (double) sameDecision / probes;
    }
}
