package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** float16 and int8 codes: IEEE 754 binary16 bit patterns, and round-trip error bounds computed directly. */
class CompactCodesTest {
    @Test
    void float16BitsAreIeee754Binary16() {
        // values and encodings from the binary16 definition (1 sign, 5 exponent bits biased by 15, 10 mantissa bits)
        assertEquals(0x3C00, CompactCodes.toHalf(1f) & 0xffff);
        assertEquals(0x3800, CompactCodes.toHalf(0.5f) & 0xffff);
        assertEquals(0xC000, CompactCodes.toHalf(-2f) & 0xffff);
        assertEquals(0x7BFF, CompactCodes.toHalf(65504f) & 0xffff); // largest finite
        assertEquals(0x0400, CompactCodes.toHalf(0x1p-14f) & 0xffff); // smallest normal
        assertEquals(0x0001, CompactCodes.toHalf(0x1p-24f) & 0xffff); // smallest subnormal
        assertEquals(0x3555, CompactCodes.toHalf(1f / 3) & 0xffff); // 0.333251953125
        assertEquals(0x3C00, CompactCodes.toHalf(1f + 0x1p-11f) & 0xffff); // tie, to even
        assertEquals(0x3C02, CompactCodes.toHalf(1f + 3 * 0x1p-11f) & 0xffff); // tie, to even (up)
        assertEquals(0x8000, CompactCodes.toHalf(-0f) & 0xffff);
        assertEquals(0.333251953125f, CompactCodes.fromHalf((short) 0x3555));
        assertEquals(0x1p-24f, CompactCodes.fromHalf((short) 0x0001));
        assertEquals(-65504f, CompactCodes.fromHalf((short) 0xFBFF));
    }

    @Test
    void everyFiniteHalfDecodesAndEncodesBackToItself() {
        for (int h = 0; h < 0x10000; h++) {
            if ((h & 0x7c00) == 0x7c00) {
                continue; // infinities and NaNs never hold a template component
            }
            float f = CompactCodes.fromHalf((short) h);
            String bits = Integer.toHexString(h);
            assertEquals(h, CompactCodes.toHalf(f) & 0xffff, bits);
        }
    }

    @Test
    void float16RoundTripErrorWithinHalfAnUlp() throws Exception {
        Random rnd = new Random(3);
        float maxRel = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (rnd.nextGaussian() * Math.pow(10, -rnd.nextInt(6)));
            float back = CompactCodes.fromHalf(CompactCodes.toHalf(x));
            float err = Math.abs(back - x);
            if (Math.abs(x) >= 0x1p-14f) {
                assertTrue(err <= 0x1p-11f * Math.abs(x), x + " -> " + back);
                maxRel = Math.max(maxRel, err / Math.abs(x));
            } else {
                assertTrue(err <= 0x1p-25f, x + " -> " + back);
            }
        }
        assertTrue(maxRel > 0x1p-12f, "the sample reaches the bound's order: " + maxRel); // the bound is not vacuous
        for (RealVectors.Labelled l : RealVectors.golden()) {
            for (float x : l.vector()) {
                float err = Math.abs(CompactCodes.fromHalf(CompactCodes.toHalf(x)) - x);
                assertTrue(err <= Math.max(0x1p-11f * Math.abs(x), 0x1p-25f), l.path() + ": " + x);
            }
        }
    }

    @Test
    void int8RoundTripWithinHalfAStepAndScanDotWithinItsBound() throws Exception {
        List<RealVectors.Labelled> real = RealVectors.golden();
        CompactCodes int8 = new CompactCodes(CompactCodes.Encoding.INT8, real.size(), 128);
        CompactCodes half = new CompactCodes(CompactCodes.Encoding.FLOAT16, real.size(), 128);
        for (int r = 0; r < real.size(); r++) {
            int8.set(r, real.get(r).vector());
            half.set(r, real.get(r).vector());
        }
        for (int r = 0; r < real.size(); r++) {
            float[] x = real.get(r).vector();
            float s = CompactCodes.int8Scale(x);
            float[] back = int8.decoded(r);
            float maxAbs = 0;
            for (int j = 0; j < x.length; j++) {
                maxAbs = Math.max(maxAbs, Math.abs(x[j]));
                assertTrue(Math.abs(back[j] - x[j]) <= s / 2 * (1 + 1e-6f), real.get(r).path() + "[" + j + "]");
            }
            assertEquals(maxAbs, 127 * s, 1e-7f, "the largest component maps to +-127");
        }
        // the scan's approximate dot against the exact one, bounded by the per-component errors times |q|
        float[] q = real.get(0).vector();
        TopK top8 = new TopK(real.size());
        TopK top16 = new TopK(real.size());
        int8.scan(q, 0, int8.blocks(), top8);
        half.scan(q, 0, half.blocks(), top16);
        for (int slot = 0; slot < real.size(); slot++) {
            int r8 = top8.rowAt(slot);
            float[] x8 = real.get(r8).vector();
            float bound8 = 0;
            for (int j = 0; j < 128; j++) {
                bound8 += Math.abs(q[j]) * CompactCodes.int8Scale(x8) / 2;
            }
            assertTrue(Math.abs(top8.scoreAt(slot) - BlockedVectors.dot(q, x8, 0)) <= bound8 + 1e-5f, "int8 row " + r8);
            int r16 = top16.rowAt(slot);
            float[] x16 = real.get(r16).vector();
            float bound16 = 0;
            for (int j = 0; j < 128; j++) {
                bound16 += Math.abs(q[j]) * Math.max(0x1p-11f * Math.abs(x16[j]), 0x1p-25f);
            }
            assertTrue(Math.abs(top16.scoreAt(slot) - BlockedVectors.dot(q, x16, 0)) <= bound16 + 1e-5f, "f16 row " + r16);
        }
    }
}
