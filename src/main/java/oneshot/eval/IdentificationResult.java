package oneshot.eval;

import java.util.ArrayList;
import java.util.List;
import oneshot.embed.EmbeddingTable;

/**
 * One-shot recognition (one enrolled image per identity, all identities with at least 2 images) and the template comparison
 * (1, 2, 3, 5 enrolled images over the identities that have more than the largest size, with the same probes for every size).
 */
public record IdentificationResult(Identification.ClosedSet closedSet, Identification.OpenSet openSet,
        List<Identification.ClosedSet> templateClosed, List<Identification.OpenSet> templateOpen, int templateIdentities,
        int strangerIdentities) {

    public static IdentificationResult compute(EmbeddingTable table, EvaluationSettings s) {
        GallerySplit oneShot = GallerySplit.of(table.labels(), table.paths(), 1, s.seed());
        Identification.ClosedSet closed = Identification.closedSet(table, oneShot, 1, s.distance());
        List<GallerySplit.Identity> known = oneShot.known(s.knownFraction(), s.seed());
        Identification.OpenSet open = Identification.openSet(table, oneShot, known, 1, s.distance());
        int strangers = oneShot.eligible().size() + oneShot.ineligible().size() - known.size();

        List<Identification.ClosedSet> tc = new ArrayList<>();
        List<Identification.OpenSet> to = new ArrayList<>();
        GallerySplit multi = GallerySplit.of(table.labels(), table.paths(), s.maxEnrol(), s.seed());
        if (multi.eligible().size() >= 2) {
            List<GallerySplit.Identity> multiKnown = multi.known(s.knownFraction(), s.seed());
            for (int k : s.enrolSizes()) {
                tc.add(Identification.closedSet(table, multi, k, s.distance()));
                to.add(Identification.openSet(table, multi, multiKnown, k, s.distance()));
            }
        }
        return new IdentificationResult(closed, open, tc, to, multi.eligible().size(), strangers);
    }
}
