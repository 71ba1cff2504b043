package oneshot.detect;

import java.util.ArrayList;
import java.util.List;
import oneshot.image.RgbImage;

/**
 * Optionally drops detections that O-Net no longer calls a face when shown the reported box itself (MTCNN scores a box
 * before its final regression moves it). Off by default: measured on every detection of LFW and bbt
 * (docs/alignment.md, "False faces"), no threshold on this second score, on MTCNN's score, on relative size or on
 * re-detection removes the jacket fold in face_recognition's {@code obama.jpg} (score 0.94, second score 0.72) without
 * also removing real, blurred or partly hidden background faces of LFW (and darker faces more often). Verification takes
 * the dominant face instead ({@code FaceSelection.dominant}). System property {@code oneshot.detect.recheck=T} turns
 * the check on with threshold T.
 */
public final class FaceRecheck {
    public static final double DEFAULT_MIN_SCORE = 0;

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
