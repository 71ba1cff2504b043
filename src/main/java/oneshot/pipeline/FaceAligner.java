package oneshot.pipeline;

import oneshot.align.AlignedFace;
import oneshot.align.FaceLandmarks;
import oneshot.image.RgbImage;

/**
 * The last pipeline step: an image and dlib's 68 landmarks to the crop a network expects. Chosen when the pipeline is
 * built ({@link #of}), so a model can name its own alignment. Implementations are stateless and thread-safe.
 */
public interface FaceAligner {
    AlignmentKind kind();

    AlignedFace align(RgbImage image, FaceLandmarks landmarks);

    /** The aligner of a landmark-based kind; the 5-point fallback has no landmarks and is not one. */
    static FaceAligner of(AlignmentKind kind) {
        return switch (kind) {
            case DLIB_3POINT -> new OpenFaceCropAligner();
            case DLIB_CHIP_150 -> new DlibChipAligner();
            case MTCNN_5POINT_FALLBACK -> throw new IllegalArgumentException(kind.label()
                    + " is chosen by the pipeline itself when dlib's model is absent, not an aligner of 68 landmarks");
        };
    }
}
