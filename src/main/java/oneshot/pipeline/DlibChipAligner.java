package oneshot.pipeline;

import oneshot.align.AlignedFace;
import oneshot.align.DlibChip;
import oneshot.align.FaceLandmarks;
import oneshot.image.RgbImage;

/** {@link AlignmentKind#DLIB_CHIP_150}: dlib's 150x150 face chip with padding 0.25, as dlib's face descriptor expects. */
final class DlibChipAligner implements FaceAligner {
    @Override
    public AlignmentKind kind() {
        return AlignmentKind.DLIB_CHIP_150;
    }

    @Override
    public AlignedFace align(RgbImage image, FaceLandmarks landmarks) {
        return DlibChip.descriptorChip(image, landmarks);
    }
}
