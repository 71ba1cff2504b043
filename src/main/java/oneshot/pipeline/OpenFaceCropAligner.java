package oneshot.pipeline;

import oneshot.align.AlignedFace;
import oneshot.align.FaceLandmarks;
import oneshot.align.OpenFaceAligner;
import oneshot.align.OpenFaceTemplate;
import oneshot.image.RgbImage;

/** {@link AlignmentKind#DLIB_3POINT}: OpenFace's 96x96 crop, outer eyes and nose onto its template. */
final class OpenFaceCropAligner implements FaceAligner {
    @Override
    public AlignmentKind kind() {
        return AlignmentKind.DLIB_3POINT;
    }

    @Override
    public AlignedFace align(RgbImage image, FaceLandmarks landmarks) {
        return OpenFaceAligner.alignLandmarks(image, landmarks, OpenFaceTemplate.OUTER_EYES_AND_NOSE, kind().size());
    }
}
