package oneshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import oneshot.align.FaceBox;
import oneshot.detect.DetectedFace;
import org.junit.jupiter.api.Test;

class FaceChoiceTest {
    private static PipelineFace face(double l, double t, double r, double b, long dlibSide) {
        DetectedFace d = new DetectedFace(0.99, l, t, r, b, new double[10]);
        return new PipelineFace(d, new FaceBox(0, 0, dlibSide - 1, dlibSide - 1), null, null, null,
                AlignmentKind.MTCNN_5POINT_FALLBACK);
    }

    @Test
    void largestByDlibAreaOrNearestTheCentre() {
        // like Amanda_Marsh_0001: a centred subject and a bigger, cut-off face at the edge
        List<PipelineFace> faces = List.of(face(71, 63, 168, 193, 90), face(146, 17, 245, 170, 100));
        assertEquals(1, FaceChoice.LARGEST.choose(faces, 250, 250));
        assertEquals(1, FacePipeline.largestIndex(faces));
        assertEquals(0, FaceChoice.CENTRAL.choose(faces, 250, 250));
        assertEquals(-1, FaceChoice.CENTRAL.choose(List.of(), 250, 250));
    }
}
