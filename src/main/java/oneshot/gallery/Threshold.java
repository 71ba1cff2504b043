package oneshot.gallery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import oneshot.eval.Calibration;
import oneshot.eval.Distance;

/**
 * The squared-L2 distance below which two faces count as the same person, and where that number came from.
 *
 * <p>A threshold given by hand accepts {@code distance <= value}. A calibrated one ({@link Calibration}, the type Evaluate
 * writes) keeps Evaluate's rule, {@code distance < threshold} ({@link Distance}), or the calibrated FAR would not hold for a
 * distance exactly at the threshold.
 *
 * <p>Never a silent default: {@link #resolve} returns a threshold whose {@link #origin()} tells the user whether it was
 * calibrated, given explicitly, or the uncalibrated fallback.
 */
public record Threshold(double value, String origin, boolean calibrated, boolean inclusive) {
    /**
     * OpenFace's LFW threshold for nn4.small2.v1 (0.99 on squared L2, chosen on 9 of 10 folds; openface evaluation/lfw.py).
     * It belongs to OpenFace's own pipeline: only a fallback until an evaluation report calibrates this model.
     */
    public static final double UNCALIBRATED_DEFAULT = 0.99;

    public Threshold {
        if (!(value > 0 && value <= 4)) {
            throw new GalleryException("threshold " + value + " is outside (0, 4], the range of squared L2 on unit vectors");
        }
    }

    /** True iff the distance is accepted as a match. */
    public boolean accepts(double distance) {
        return inclusive ? distance <= value : distance < value;
    }

    /** The comparison that accepts: "<=" or "<". */
    public String rule() {
        return inclusive ? "<=" : "<";
    }

    /**
     * Picks the threshold: an explicit value, or a calibration report checked against the gallery's model, or (neither given)
     * the uncalibrated default with an origin that says so.
     */
    public static Threshold resolve(Double explicit, Path calibrationReport, String modelId) {
        if (explicit != null && calibrationReport != null) {
            throw new oneshot.UsageException("Give either --threshold or --calibration, not both");
        }
        if (explicit != null) {
            if (!(explicit > 0 && explicit <= 4)) { // NaN included
                throw new oneshot.UsageException("--threshold " + explicit + " is outside (0, 4], the range of squared L2 on"
                        + " unit vectors");
            }
            return new Threshold(explicit, "given with --threshold", false, true);
        }
        if (calibrationReport != null) {
            Calibration c = read(calibrationReport);
            if (!c.modelId().equals(modelId)) {
                throw new GalleryException("Calibration report " + calibrationReport + " was calibrated for model '"
                        + c.modelId() + "', but the embeddings come from model '" + modelId
                        + "': evaluate this model to calibrate it, or pass --threshold explicitly");
            }
            return new Threshold(c.threshold(), String.format(Locale.ROOT, "calibrated at FAR %.4g on %s (%s)",
                    c.targetFar(), c.source().isEmpty() ? "unnamed data" : c.source(), calibrationReport), true,
                    false);
        }
        return uncalibratedFor(modelId);
    }

    /**
     * dlib's ResNet, unit-normalised, squared L2: every one of the 10 LFW View 2 folds chose 0.19 (OneShot's Align ->
     * Embed -> Evaluate on dlib chips, docs/dlib-resnet34.md). dlib's own 0.6 applies to raw vectors, not to these.
     */
    public static final double DLIB_RESNET_LFW_DEFAULT = 0.19;

    /**
     * The fallback when nothing was given: the LFW threshold of the model's architecture (told by its model id), announced
     * as uncalibrated for this model and the user's data.
     */
    public static Threshold uncalibratedFor(String modelId) {
        if (modelId != null && modelId.startsWith(oneshot.net.ModelStore.DLIB_ID_PREFIX)) {
            return new Threshold(DLIB_RESNET_LFW_DEFAULT, "UNCALIBRATED default " + DLIB_RESNET_LFW_DEFAULT
                    + " (dlib ResNet's LFW View 2 threshold on unit vectors, not calibrated for your data; pass"
                    + " --calibration reports/.../summary.json or --threshold)", false, true);
        }
        return new Threshold(UNCALIBRATED_DEFAULT, "UNCALIBRATED default " + UNCALIBRATED_DEFAULT
                + " (OpenFace's LFW threshold for nn4.small2.v1, not calibrated for this model or your data; pass"
                + " --calibration reports/.../summary.json or --threshold)", false, true);
    }

    /** Evaluate's calibration, the one type both sides read; refused unless it is on the distance the gallery uses. */
    private static Calibration read(Path report) {
        Calibration c;
        try {
            c = Calibration.read(report);
        } catch (IOException e) {
            String why = e.getMessage();
            String named = report + ": "; // the reader names the file; say it once
            throw new GalleryException("Calibration report " + report + " cannot be used: "
                    + (why.startsWith(named) ? why.substring(named.length()) : why), e);
        }
        if (c.distance() != Distance.SQUARED_L2) {
            throw new GalleryException("Calibration report " + report + " cannot be used: calibration.distance is '"
                    + c.distance().id() + "'; the gallery compares with '" + Distance.SQUARED_L2.id() + "'");
        }
        return c;
    }
}
