package oneshot.pipeline;

import oneshot.align.AffineTransform;
import oneshot.align.FaceBox;
import oneshot.align.FaceLandmarks;
import oneshot.detect.DetectedFace;
import oneshot.image.RgbImage;

/**
 * One face through the whole pipeline.
 *
 * @param detection MTCNN's box, score and 5 points
 * @param dlibBox   the MTCNN box mapped to dlib's HOG-detector convention (what the landmark model was trained on)
 * @param landmarks dlib's 68 landmarks, or {@code null} under {@link AlignmentKind#MTCNN_5POINT_FALLBACK}
 * @param transform the image-to-crop map H used for the crop
 * @param aligned   the aligned crop, {@code alignment.size()} square (96 for OpenFace's, 150 for dlib chips)
 * @param alignment which alignment made the crop
 */
public record PipelineFace(DetectedFace detection, FaceBox dlibBox, FaceLandmarks landmarks, AffineTransform transform,
                           RgbImage aligned, AlignmentKind alignment) {
    public boolean hasLandmarks() {
        return landmarks != null;
    }
}
