package oneshot.eval;

import java.util.List;
import java.util.Map;

/**
 * Everything measured on one pairs protocol.
 *
 * @param name          protocol name, e.g. "pairs.txt (10-fold)"
 * @param pairsFile     the pairs file it came from (null for scores built in code)
 * @param scores        the pair distances it was computed from
 * @param kfold         the k-fold result (View 2), or null
 * @param openFaceAuc   AUC of the fold-averaged grid ROC as OpenFace's lfw.py plots it (k-fold only, else NaN)
 * @param trainTest     threshold chosen on a training file and applied to this one (View 1), or null
 * @param roc           the pooled ROC over all pairs
 * @param bootstrap     intervals keyed "auc", "eer", "tar@far=..."
 * @param sweep         the threshold sweep over the grid
 * @param atTargetFar   the operating point meeting the target FAR
 */
public record VerificationResult(String name, String pairsFile, VerificationScores scores, KFoldVerification.Result kfold, double openFaceAuc, TrainTest trainTest,
        RocCurve roc, Map<String, Bootstrap.Interval> bootstrap, List<ThresholdSweep.Row> sweep, RocCurve.Point atTargetFar) {

    /** View 1: the threshold picked on the training pairs and both accuracies. */
    public record TrainTest(String trainFile, int trainPairs, double threshold, double trainAccuracy, double testAccuracy) {}

    public static VerificationResult compute(String name, String pairsFile, VerificationScores scores, TrainTest trainTest,
            EvaluationSettings settings) {
        double[] grid = ThresholdGrid.openFace(settings.distance());
        KFoldVerification.Result kfold = scores.folds() >= 2 ? KFoldVerification.run(scores, grid) : null;
        RocCurve roc = RocCurve.of(scores);
        Map<String, Bootstrap.Interval> boot = settings.bootstrap() > 0
                ? Bootstrap.roc(scores.distance(), scores.same(), settings.reportFarArray(), settings.bootstrap(),
                        settings.confidence(), settings.seed())
                : Map.of();
        List<ThresholdSweep.Row> sweep = ThresholdSweep.run(scores, grid);
        double ofAuc = kfold != null ? OpenFaceMeanRocAuc.compute(scores, grid) : Double.NaN;
        return new VerificationResult(name, pairsFile, scores, kfold, ofAuc, trainTest, roc, boot, sweep, roc.atFar(settings.targetFar()));
    }
}
