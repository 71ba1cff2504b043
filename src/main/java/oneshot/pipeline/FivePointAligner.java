package oneshot.pipeline;

import oneshot.align.AffineTransform;
import oneshot.align.SimilarityTransform;
import oneshot.align.WarpAffine;
import oneshot.detect.DetectedFace;
import oneshot.image.RgbImage;

/**
 * The fallback alignment when dlib's landmark model is absent: the least-squares similarity from MTCNN's 5 points to a
 * 5-point template in OpenFace's 96x96 frame, then the same OpenCV-exact warp. Lower fidelity than
 * {@link AlignmentKind#DLIB_3POINT} (a similarity cannot shear, and MTCNN's points are not dlib's), so every crop made
 * here is reported as {@link AlignmentKind#MTCNN_5POINT_FALLBACK}.
 *
 * <p>{@link #TEMPLATE_96}: where OpenFace's own alignment puts MTCNN's 5 points, on average. Fitted by
 * {@code FivePointTemplateFit} (src/tools/java) on the 75 golden LFW images: each MTCNN point (of the detection matching
 * dlib's face) mapped through that image's real dlib/OpenCV matrix H, then averaged. Re-measured by
 * {@code FivePointAlignerTest}.
 */
public final class FivePointAligner {
    /** x0, y0, ..., x4, y4 at 96x96: left eye, right eye, nose, left and right mouth corners. */
    static final double[] TEMPLATE_96 = {
        26.9519, 15.0875, 69.6407, 14.1312, 48.7174, 41.0603, 27.5371, 63.9606, 66.3475, 63.0142,
    };

    private final double[] template;
    private final int size;

    public FivePointAligner() {
        this(TEMPLATE_96, 96);
    }

    public FivePointAligner(double[] template96, int size) {
        if (template96.length != 10) {
            throw new IllegalArgumentException("a 5-point template has 10 values, got " + template96.length);
        }
        this.template = new double[10];
        for (int i = 0; i < 10; i++) {
            template[i] = template96[i] * size / 96.0;
        }
        this.size = size;
    }

    public AffineTransform transform(DetectedFace face) {
        return SimilarityTransform.fit(face.points(), template);
    }

    public RgbImage align(RgbImage image, AffineTransform h) {
        return WarpAffine.warp(image, h, size, size);
    }
}
