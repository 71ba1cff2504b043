package oneshot.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import oneshot.SharedData;
import oneshot.align.FaceBox;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Re-measures the MTCNN-to-dlib box map on the golden dlib boxes; the constants must be what the fit gives. */
class DlibBoxMapTest {
    @Test
    void mappedBoxesAreCloserToDlibsOnFittedAndHeldOutData() {
        EngineThreads.defaultToOne();
        try (MtcnnDetector d = MtcnnDetector.load()) {
            List<DetectionAgreement.Match> lfw = DlibBoxMapFit.matches(d, "lfw");
            List<DetectionAgreement.Match> bbt = DlibBoxMapFit.matches(d, "bbt");
            double[][] refit = DlibBoxMapFit.fit(lfw);
            for (int q = 0; q < 4; q++) {
                assertArrayEquals(DlibBoxMap.COEFFICIENTS[q], refit[q], 1e-5, "coefficient row " + q);
            }
            DlibBoxMap identity = new DlibBoxMap(new double[][] {{0, 0, 0}, {0, 0, 0}, {0, 1, 0}, {0, 0, 1}});
            for (var set : List.of(lfw, bbt)) {
                DlibBoxMapFit.BoxAgreement raw = DlibBoxMapFit.measure(set, identity);
                DlibBoxMapFit.BoxAgreement mapped = DlibBoxMapFit.measure(set, DlibBoxMap.fitted());
                // measured: lfw IoU 0.708 -> 0.810, corners 10.1 -> 5.9 px; bbt (held out) 0.767 -> 0.842, 9.6 -> 6.1 px
                assertTrue(mapped.meanIou() > 0.8, "mapped IoU " + mapped.meanIou());
                assertTrue(mapped.meanIou() > raw.meanIou() + 0.05, raw + " -> " + mapped);
                assertTrue(mapped.meanCornerError() < 0.7 * raw.meanCornerError(), raw + " -> " + mapped);
            }
            // the map must scale with the face: the same LFW images shrunk 2x (measured 0.805)
            double iou = 0;
            for (var m : lfw) {
                DlibGolden g = m.golden();
                RgbImage small = halve(DetectionAgreement.readImage(SharedData.resolve("data/lfw").resolve(g.path())));
                double best = 0;
                for (DetectedFace f : d.detect(small)) {
                    FaceBox b = DlibBoxMap.fitted().map(f);
                    best = Math.max(best, DetectionAgreement.iou(b.left(), b.top(), b.right(), b.bottom(),
                            (g.left() - 0.5) / 2, (g.top() - 0.5) / 2, (g.right() - 0.5) / 2, (g.bottom() - 0.5) / 2));
                }
                iou += best;
            }
            assertTrue(iou / lfw.size() > 0.77, "mapped IoU at half size " + iou / lfw.size());
        }
    }

    /** 2x2 box average. */
    private static RgbImage halve(RgbImage img) {
        int w = img.width() / 2;
        int h = img.height() / 2;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = img.get(2 * x, 2 * y, c) + img.get(2 * x + 1, 2 * y, c) + img.get(2 * x, 2 * y + 1, c)
                            + img.get(2 * x + 1, 2 * y + 1, c);
                    out[(y * w + x) * 3 + c] = (byte) ((sum + 2) / 4);
                }
            }
        }
        return new RgbImage(w, h, out);
    }
}
