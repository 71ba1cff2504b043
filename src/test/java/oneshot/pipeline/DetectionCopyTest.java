package oneshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import oneshot.SharedData;
import oneshot.detect.DetectedFace;
import oneshot.detect.DetectionCopy;
import oneshot.detect.EngineThreads;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 16 item 2: detection on a bounded copy, landmarks and crops from the full image. */
class DetectionCopyTest {
    private static FacePipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        EngineThreads.defaultToOne();
        pipeline = FacePipeline.load();
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    /** Each pixel repeated k x k times: shrinking it back by area averaging gives the original exactly. */
    private static RgbImage blownUp(RgbImage img, int k) {
        int w = img.width() * k, h = img.height() * k;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(img.rgb(), ((y / k) * img.width() + x / k) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return new RgbImage(w, h, out);
    }

    @Test
    void imagesWithinTheBoundAreDetectedAsTheyAre() throws Exception {
        // every LFW (250 x 250) and bbt image (at most 1366 px) is below 1600 px: detection sees the image itself
        RgbImage scene = new ImageDecoder().decode(SharedData.require("data/bbt-scenes/bbt1.jpg"));
        DetectionCopy copy = DetectionCopy.of(scene, DetectionCopy.DEFAULT_MAX_SIDE);
        assertSame(scene, copy.image());
        List<DetectedFace> direct = pipeline.detector().detectWithPadRetry(scene, FacePipeline.PAD_RETRY);
        List<PipelineFace> viaPipeline = pipeline.process(scene);
        assertEquals(direct.size(), viaPipeline.size());
        for (int i = 0; i < direct.size(); i++) {
            DetectedFace a = direct.get(i), b = viaPipeline.get(i).detection();
            assertEquals(List.of(a.score(), a.left(), a.top(), a.right(), a.bottom()),
                    List.of(b.score(), b.left(), b.top(), b.right(), b.bottom()));
            assertTrue(java.util.Arrays.equals(a.points(), b.points()));
        }
    }

    @Test
    void facesFoundOnTheCopyMapBackExactlyAndCropLikeTheOriginal() throws Exception {
        RgbImage small = new ImageDecoder().decode(SharedData.require("data/bbt-scenes/bbt2.jpg"));
        int k = 4;
        RgbImage big = blownUp(small, k);
        DetectionCopy copy = DetectionCopy.of(big, Math.max(small.width(), small.height()));
        assertTrue(copy.shrunk());
        assertEquals(small.width(), copy.image().width());
        assertTrue(java.util.Arrays.equals(small.rgb(), copy.image().rgb()), "area average of k x k blocks = original");

        List<DetectedFace> onSmall = pipeline.detector().detectWithPadRetry(small, FacePipeline.PAD_RETRY);
        assertFalse(onSmall.isEmpty());
        for (DetectedFace s : onSmall) {
            DetectedFace f = copy.toFull(s);
            // pixel i of the small image is pixels k*i .. k*i+k-1 of the big one
            assertEquals(k * s.left(), f.left(), 1e-9);
            assertEquals(k * (s.right() + 1) - 1, f.right(), 1e-9);
            assertEquals(k * s.pointX(0) + (k - 1) / 2.0, f.pointX(0), 1e-9);
            assertEquals(k * s.pointY(4) + (k - 1) / 2.0, f.pointY(4), 1e-9);
            // landmarks and crop from the full image: the same face as from the small one, to within dlib's
            // whole-pixel landmarks (the blown-up image is blocky, so crops differ by interpolation)
            PipelineFace a = pipeline.align(small, s);
            PipelineFace b = pipeline.align(big, f);
            double err = 0;
            for (int i = 0; i < a.landmarks().size(); i++) {
                err += Math.hypot(b.landmarks().x(i) / (double) k - a.landmarks().x(i),
                        b.landmarks().y(i) / (double) k - a.landmarks().y(i));
            }
            err /= a.landmarks().size();
            assertTrue(err < 2.0, "mean landmark distance " + err + " px");
            double diff = 0;
            for (int i = 0; i < a.aligned().rgb().length; i++) {
                diff += Math.abs((a.aligned().rgb()[i] & 0xff) - (b.aligned().rgb()[i] & 0xff));
            }
            diff /= a.aligned().rgb().length;
            System.err.printf("face at %.0f,%.0f: landmarks %.2f px apart, crops %.1f grey levels%n", s.left(), s.top(), err, diff);
            assertTrue(diff < 20, "mean absolute crop difference " + diff);
        }
    }
}
