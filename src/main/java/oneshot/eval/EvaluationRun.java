package oneshot.eval;

import java.util.ArrayList;
import java.util.List;
import oneshot.data.PairsProtocol;
import oneshot.embed.EmbeddingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation of an embedding table: any number of pairs protocols (verification) and, when the rows carry identity labels,
 * one-shot recognition; then the calibrated threshold. Pure computation: the report package writes it out.
 *
 * @param embeddingsSource where the embeddings came from (file name, or "model + images")
 */
public record EvaluationRun(String name, EvaluationSettings settings, String embeddingsSource, String modelId, int embeddings,
        int dim, List<VerificationResult> verification, IdentificationResult identification, Calibration calibration) {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRun.class);

    /** A pairs protocol to run: View 2 alone (k-fold) or a View 1 test file with its training file. */
    public record PairsInput(PairsProtocol test, PairsProtocol train) {}

    public static EvaluationRun compute(String name, EmbeddingTable table, String embeddingsSource, List<PairsInput> pairs,
            boolean identification, boolean skipMissing, EvaluationSettings s) {
        return compute(name, table, embeddingsSource, pairs, identification, false, skipMissing, s);
    }

    /**
     * As above; with {@code identityPairs} and no pairs file, verification also runs on pairs made from the labels
     * ({@link IdentityPairs}), so a user's own people get k-fold accuracy, ROC and a verification threshold.
     */
    public static EvaluationRun compute(String name, EmbeddingTable table, String embeddingsSource, List<PairsInput> pairs,
            boolean identification, boolean identityPairs, boolean skipMissing, EvaluationSettings s) {
        List<VerificationResult> ver = new ArrayList<>();
        if (identityPairs && pairs.isEmpty()) {
            VerificationScores generated = IdentityPairs.of(table, s.distance(), s.seed());
            if (generated != null) {
                String label = "pairs from labels (" + generated.folds() + "-fold)";
                ver.add(VerificationResult.compute(label, "generated from the identity labels, seed " + s.seed(),
                        generated, null, s));
                LOG.info("verification on {}: {} same-person and {} different-person pairs", label,
                        generated.positives(), generated.negatives());
            }
        }
        for (PairsInput in : pairs) {
            long t0 = System.nanoTime();
            VerificationScores test = VerificationScores.of(table, in.test(), s.distance(), skipMissing);
            VerificationResult.TrainTest tt = null;
            if (in.train() != null) {
                VerificationScores train = VerificationScores.of(table, in.train(), s.distance(), skipMissing);
                double[] grid = ThresholdGrid.openFace(s.distance());
                double th = KFoldVerification.pickThreshold(train, grid);
                tt = new VerificationResult.TrainTest(in.train().source().toString(), train.size(), th,
                        KFoldVerification.accuracy(train, th), KFoldVerification.accuracy(test, th));
            }
            String label = in.test().source().getFileName() + (in.test().folds() > 1 ? " (" + in.test().folds() + "-fold)" : "");
            ver.add(VerificationResult.compute(label, in.test().source().toString(), test, tt, s));
            LOG.info("verification on {}: {} pairs ({} skipped) in {} ms", label, test.size(), test.skipped().size(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        IdentificationResult id = null;
        if (identification) {
            long t0 = System.nanoTime();
            id = IdentificationResult.compute(table, s);
            LOG.info("identification: {} gallery identities, {} probes in {} ms", id.closedSet().galleryIdentities(),
                    id.closedSet().probes(), (System.nanoTime() - t0) / 1_000_000);
        }
        Calibration cal;
        if (id != null) {
            cal = Calibration.from(id.openSet(), s.targetFar(), s.distance(), table.modelId());
        } else if (!ver.isEmpty()) {
            cal = Calibration.from(ver.get(0), s.targetFar(), s.distance(), table.modelId());
        } else {
            throw new IllegalArgumentException("nothing to evaluate: give a pairs file or evaluate identities");
        }
        return new EvaluationRun(name, s, embeddingsSource, table.modelId(), table.size(), table.dim(), List.copyOf(ver), id, cal);
    }
}
