package oneshot.align;

import java.util.Objects;
import oneshot.image.RgbImage;

/**
 * OpenFace's {@code AlignDlib.align(imgDim, rgb, bb, landmarkIndices=...)}: dlib's 68 landmarks in the face box, the
 * exact 3-point affine onto the template ({@link AffineTransform#fromThreePoints}), then {@link WarpAffine} to
 * {@code size x size}. nn4.small2 expects {@link OpenFaceTemplate#OUTER_EYES_AND_NOSE} at 96.
 *
 * <p>Thread-safe: one instance can serve parallel workers.
 */
public final class OpenFaceAligner {
    public static final int DEFAULT_SIZE = 96;

    private final ShapePredictor predictor;
    private final OpenFaceTemplate template;
    private final int size;

    public OpenFaceAligner(ShapePredictor predictor) {
        this(predictor, OpenFaceTemplate.OUTER_EYES_AND_NOSE, DEFAULT_SIZE);
    }

    public OpenFaceAligner(ShapePredictor predictor, OpenFaceTemplate template, int size) {
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.template = Objects.requireNonNull(template, "template");
        if (size <= 0) throw new IllegalArgumentException("crop size must be positive: " + size);
        this.size = size;
    }

    public ShapePredictor predictor() {
        return predictor;
    }

    /** Landmarks in {@code box}, then the aligned crop. */
    public AlignedFace align(RgbImage image, FaceBox box) {
        return alignLandmarks(image, predictor.predict(image, box), template, size);
    }

    /** The aligned crop for landmarks found elsewhere (any model with at least the template's indices). */
    public static AlignedFace alignLandmarks(RgbImage image, FaceLandmarks lm, OpenFaceTemplate template, int size) {
        AffineTransform h = transform(lm, template, size);
        return new AlignedFace(WarpAffine.warp(image, h, size, size), h, lm);
    }

    /** OpenFace's H: {@code cv2.getAffineTransform(float32(landmarks)[idx], size * MINMAX_TEMPLATE[idx])}. */
    public static AffineTransform transform(FaceLandmarks lm, OpenFaceTemplate template, int size) {
        int[] idx = template.landmarkIndices();
        float[] src = new float[6];
        for (int i = 0; i < 3; i++) {
            if (idx[i] >= lm.size()) {
                throw new IllegalArgumentException("template needs landmark " + idx[i] + " but only " + lm.size() + " are given");
            }
            src[2 * i] = lm.x(idx[i]);
            src[2 * i + 1] = lm.y(idx[i]);
        }
        return AffineTransform.fromThreePoints(src, template.targets(size));
    }
}
