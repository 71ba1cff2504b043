package oneshot.detect;

import java.util.ArrayList;
import java.util.List;
import oneshot.image.RgbImage;

/**
 * Drops detections that O-Net no longer calls a face when shown the reported box itself.
 *
 * <p>MTCNN scores a box before its final regression moves it; on face_recognition's {@code obama.jpg} a dark jacket fold
 * in the lower corner scores 0.94 that way, but only 0.72 when O-Net looks again at the box it reported, while real
 * faces keep above 0.9 (measured on every detection in LFW and bbt, docs/alignment.md "False faces"). The threshold
 * is {@link #DEFAULT_MIN_SCORE}; system property {@code oneshot.detect.recheck} overrides it (0 turns the check off).
 */
public final class FaceRecheck {
    public static final double DEFAULT_MIN_SCORE = 0.8;

    private final double minScore;

    public FaceRecheck(double minScore) {
        this.minScore = minScore;
    }

    public static FaceRecheck configured() {
        return new FaceRecheck(Double.parseDouble(System.getProperty("oneshot.detect.recheck",
                Double.toString(DEFAULT_MIN_SCORE))));
    }

    public double minScore() {
        return minScore;
    }

    /** The faces whose second O-Net score reaches the threshold, in their order. */
    public List<DetectedFace> keep(MtcnnDetector detector, RgbImage img, List<DetectedFace> faces) {
        if (minScore <= 0 || faces.isEmpty()) {
            return faces;
        }
        float[] again = detector.rescore(img, faces);
        List<DetectedFace> out = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            if (again[i] >= minScore) {
                out.add(faces.get(i));
            }
        }
        return out;
    }
}
