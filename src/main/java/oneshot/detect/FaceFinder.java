package oneshot.detect;

import java.util.ArrayList;
import java.util.List;
import oneshot.image.RgbImage;

/**
 * Faces of an image of any size, in full-image coordinates: MTCNN on a {@link DetectionCopy} of bounded size (with the
 * pad retry for faces that fill the frame), implausible detections dropped by {@link FaceRecheck}, then mapped back.
 * Best score first.
 */
public final class FaceFinder {
    private final MtcnnDetector detector;
    private final int maxSide;
    private final double padRetry;
    private final FaceRecheck recheck;

    public FaceFinder(MtcnnDetector detector, int maxSide, double padRetry, FaceRecheck recheck) {
        this.detector = detector;
        this.maxSide = maxSide;
        this.padRetry = padRetry;
        this.recheck = recheck;
    }

    public List<DetectedFace> find(RgbImage image) {
        DetectionCopy copy = DetectionCopy.of(image, maxSide);
        List<DetectedFace> found = detector.detectWithPadRetry(copy.image(), padRetry);
        List<DetectedFace> out = new ArrayList<>();
        for (DetectedFace f : recheck.keep(detector, copy.image(), found)) {
            out.add(copy.toFull(f));
        }
        return out;
    }

    public MtcnnDetector detector() {
        return detector;
    }
}
