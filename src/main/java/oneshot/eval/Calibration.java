package oneshot.eval;

/**
 * The calibrated "unknown" cut-off handed to enrolment and identification: accept a match when
 * {@code distance < threshold}. Taken from the one-shot open-set experiment when identities were evaluated (strangers against a
 * one-image-per-person gallery is exactly the gallery's situation), otherwise from the verification pairs' different-person
 * distances.
 *
 * @param achievedFar the FAR measured at the threshold on the calibration data (<= targetFar)
 * @param acceptRate  DIR (open set) or TAR (verification) at the threshold on the same data
 */
public record Calibration(Distance distance, double threshold, double targetFar, String source, String modelId,
        double achievedFar, double acceptRate) {

    public static final String OPEN_SET = "open-set";
    public static final String VERIFICATION = "verification";

    public static Calibration from(Identification.OpenSet open, double targetFar, Distance d, String modelId) {
        RocCurve.Point p = open.atFar(targetFar);
        return new Calibration(d, p.threshold(), targetFar, OPEN_SET, modelId, p.far(), p.tar());
    }

    public static Calibration from(VerificationResult v, double targetFar, Distance d, String modelId) {
        RocCurve.Point p = v.roc().atFar(targetFar);
        return new Calibration(d, p.threshold(), targetFar, VERIFICATION, modelId, p.far(), p.tar());
    }
}
