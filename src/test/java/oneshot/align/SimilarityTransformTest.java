package oneshot.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SimilarityTransformTest {
    @Test
    void recoversAKnownSimilarityExactly() {
        double a = 1.7 * Math.cos(0.3), b = 1.7 * Math.sin(0.3);
        double[] src = {10, 20, 50, 22, 30, 45, 12, 70, 48, 69};
        double[] dst = new double[10];
        for (int i = 0; i < 5; i++) {
            dst[2 * i] = a * src[2 * i] - b * src[2 * i + 1] + 4;
            dst[2 * i + 1] = b * src[2 * i] + a * src[2 * i + 1] - 7;
        }
        AffineTransform h = SimilarityTransform.fit(src, dst);
        assertEquals(a, h.m00(), 1e-12);
        assertEquals(-b, h.m01(), 1e-12);
        assertEquals(4, h.m02(), 1e-9);
        assertEquals(b, h.m10(), 1e-12);
        assertEquals(a, h.m11(), 1e-12);
        assertEquals(-7, h.m12(), 1e-9);
    }

    @Test
    void refusesDegeneratePoints() {
        assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.fit(new double[] {1, 1, 1, 1}, new double[] {0, 0, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.fit(new double[] {1, 1}, new double[] {0, 0}));
    }
}
