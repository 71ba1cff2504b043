package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfTest {
    @Test
    void knownBitPatterns() {
        assertEquals((short) 0x3c00, Half.fromFloat(1f));
        assertEquals((short) 0xc000, Half.fromFloat(-2f));
        assertEquals((short) 0x7bff, Half.fromFloat(65504f));
        assertEquals((short) 0x7c00, Half.fromFloat(70000f));
        assertEquals((short) 0x2e66, Half.fromFloat(0.1f));
        assertEquals((short) 0x0001, Half.fromFloat(0x1p-24f));     // smallest subnormal
        assertEquals((short) 0x0000, Half.fromFloat(0x1p-26f));     // underflows to zero
        assertEquals((short) 0x3c00, Half.fromFloat(1f + 0x1p-11f)); // tie rounds to even (down)
        assertEquals((short) 0x3c02, Half.fromFloat(1f + 3 * 0x1p-11f)); // tie rounds to even (up)
        assertEquals(0.0999755859375f, Half.toFloat((short) 0x2e66));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001));
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }

    @Test
    void roundTripErrorIsWithinHalfAnUlp() {
        Random r = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
            float back = Half.toFloat(Half.fromFloat(f));
            if (Math.abs(f) >= 0x1p-14f) {
                assertTrue(Math.abs(back - f) <= Math.abs(f) * 0x1p-11f * 1.0001f, f + " -> " + back);
            } else {
                assertTrue(Math.abs(back - f) <= 0x1p-25f, f + " -> " + back);
            }
        }
    }
}
