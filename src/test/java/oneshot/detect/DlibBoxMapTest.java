package oneshot.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        }
    }
}
