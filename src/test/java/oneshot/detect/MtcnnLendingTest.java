package oneshot.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.SharedData;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.concurrent.BranchHelper;
import oneshot.concurrent.OtherThreadHelper;
import oneshot.pipeline.FacePipeline;
import org.junit.jupiter.api.Test;

/**
 * Lending pyramid levels and R-Net's first half to another thread must not change a single number: the same faces,
 * scores, boxes and points as without a helper, and as with a helper that is never idle, on real photos (one face, a
 * group of five, LFW).
 */
class MtcnnLendingTest {
    @Test
    void detectionsAreIdenticalWithAndWithoutALentThread() throws Exception {
        List<RgbImage> images = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder();
        images.add(decoder.decode(SharedData.require("data/bbt/penny/penny2.png")));
        images.add(decoder.decode(SharedData.require("data/bbt-scenes/bbt3.jpg")));
        images.add(decoder.decode(SharedData.require("data/lfw/Aaron_Eckhart/Aaron_Eckhart_0001.jpg")));
        BranchHelper neverIdle = OtherThreadHelper.NEVER_IDLE;
        OtherThreadHelper always = new OtherThreadHelper();
        try (always; FacePipeline pipeline = FacePipeline.load()) {
            MtcnnDetector detector = pipeline.detector();
            for (RgbImage img : images) {
                detector.lendLevelsTo(null);
                List<DetectedFace> alone = detector.detect(img);
                detector.lendLevelsTo(neverIdle);
                List<DetectedFace> busy = detector.detect(img);
                detector.lendLevelsTo(always);
                List<DetectedFace> lent = detector.detect(img);
                assertFalse(alone.isEmpty());
                assertSame(alone, busy);
                assertSame(alone, lent);
            }
        }
        assertTrue(always.ran() >= 2 * images.size(), "levels and R-Net halves ran on the lent thread: " + always.ran());
    }

    private static void assertSame(List<DetectedFace> expected, List<DetectedFace> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            DetectedFace e = expected.get(i);
            DetectedFace a = actual.get(i);
            assertEquals(e.score(), a.score(), 0.0);
            assertArrayEquals(new double[] {e.left(), e.top(), e.right(), e.bottom()},
                    new double[] {a.left(), a.top(), a.right(), a.bottom()}, 0.0);
            assertArrayEquals(e.points(), a.points(), 0.0);
        }
    }
}
