package oneshot.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oneshot.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sizes below P-Net's 12x12 window, extreme aspect ratios and blank images give no faces, not errors. */
class MtcnnOddSizesTest {
    private static MtcnnDetector detector;

    @BeforeAll
    static void load() {
        EngineThreads.defaultToOne();
        detector = MtcnnDetector.load();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void tinyThinAndBlankImages() {
        int[][] sizes = {{1, 1}, {11, 11}, {19, 19}, {5, 300}, {400, 20}, {64, 64}};
        for (int[] s : sizes) {
            RgbImage img = new RgbImage(s[0], s[1], new byte[s[0] * s[1] * 3]);
            assertEquals(0, detector.detect(img).size(), s[0] + "x" + s[1]);
            assertEquals(0, detector.detectWithPadRetry(img, 0.25).size(), s[0] + "x" + s[1] + " padded");
        }
        byte[] white = new byte[200 * 150 * 3];
        java.util.Arrays.fill(white, (byte) 255);
        assertTrue(detector.detect(new RgbImage(200, 150, white)).isEmpty());
    }
}
