package oneshot.gallery;

import java.util.Arrays;

/**
 * Unit vectors stored in 2 bytes (float16) or 1 byte (int8) per component, in {@link BlockedVectors}' layout (blocks of
 * 512 rows, dimension-major), scanned for approximate dot products: the candidates a {@link CompactIndex} re-ranks.
 *
 * <p>float16: IEEE 754 binary16, round half to even; relative error at most 2^-11 for |x| >= 2^-14, absolute at most
 * 2^-25 below (binary16 subnormals). int8: per-vector scale {@code s = max|x| / 127}, codes {@code round(x / s)} in
 * [-127, 127], error at most {@code s / 2} per component. A per-vector scale (one float more per row, one multiply per
 * row and probe) rather than one global scale: each template uses the whole code range whatever its largest component.
 *
 * <p>The scan decodes each 512-row column into a float buffer and runs {@link BlockedVectors}' SIMD kernel on it, so it
 * reads 2x (float16) or 4x (int8) fewer bytes from memory than the float32 scan.
 */
final class CompactCodes {
    enum Encoding {
        FLOAT16(2), INT8(1);

        final int bytesPerComponent;

        Encoding(int bytesPerComponent) {
            this.bytesPerComponent = bytesPerComponent;
        }
    }

    private static final int BLOCK = BlockedVectors.BLOCK;

    private final Encoding encoding;
    private final int dim;
    private final int size;
    private final short[] halves; // FLOAT16
    private final byte[] bytes; // INT8
    private final float[] scales; // INT8: one per row

    CompactCodes(Encoding encoding, int size, int dim) {
        this.encoding = encoding;
        this.dim = dim;
        this.size = size;
        int capacity = BlockedVectors.capacityFor(size, dim);
        this.halves = encoding == Encoding.FLOAT16 ? new short[capacity] : null;
        this.bytes = encoding == Encoding.INT8 ? new byte[capacity] : null;
        this.scales = encoding == Encoding.INT8 ? new float[(size + BLOCK - 1) / BLOCK * BLOCK] : null;
    }

    Encoding encoding() {
        return encoding;
    }

    int blocks() {
        return (size + BLOCK - 1) / BLOCK;
    }

    /** Heap bytes of the codes (and int8 scales). */
    long heapBytes() {
        return halves != null ? 2L * halves.length : bytes.length + 4L * scales.length;
    }

    void set(int row, float[] unit) {
        if (encoding == Encoding.FLOAT16) {
            for (int j = 0; j < dim; j++) {
                halves[BlockedVectors.index(row, j, dim)] = toHalf(unit[j]);
            }
            return;
        }
        float scale = int8Scale(unit);
        scales[row] = scale;
        for (int j = 0; j < dim; j++) {
            bytes[BlockedVectors.index(row, j, dim)] = toInt8(unit[j], scale);
        }
    }

    /** The decoded row (what the scan multiplies with). */
    float[] decoded(int row) {
        float[] out = new float[dim];
        for (int j = 0; j < dim; j++) {
            int at = BlockedVectors.index(row, j, dim);
            out[j] = encoding == Encoding.FLOAT16 ? fromHalf(halves[at]) : bytes[at] * scales[row];
        }
        return out;
    }

    /** Approximate dot products of {@code q} with every row of blocks [fromBlock, toBlock), offered to {@code top}. */
    void scan(float[] q, int fromBlock, int toBlock, TopK top) {
        float[] acc = new float[BLOCK];
        float[] c0 = new float[BLOCK];
        float[] c1 = new float[BLOCK];
        float[] c2 = new float[BLOCK];
        float[] c3 = new float[BLOCK];
        for (int b = fromBlock; b < toBlock; b++) {
            Arrays.fill(acc, 0f);
            int base = b * BLOCK * dim;
            int j = 0;
            for (; j + 4 <= dim; j += 4) {
                int off = base + j * BLOCK;
                column(off, c0);
                column(off + BLOCK, c1);
                column(off + 2 * BLOCK, c2);
                column(off + 3 * BLOCK, c3);
                BlockedVectors.multiplyAdd4(acc, q[j], c0, q[j + 1], c1, q[j + 2], c2, q[j + 3], c3);
            }
            for (; j < dim; j++) {
                column(base + j * BLOCK, c0);
                BlockedVectors.multiplyAdd(acc, q[j], c0);
            }
            if (scales != null) {
                scale(acc, scales, b * BLOCK);
            }
            top.offerBlock(acc, b * BLOCK, Math.min(BLOCK, size - b * BLOCK));
        }
    }

    private void column(int offset, float[] into) {
        if (halves != null) {
            halfColumn(halves, offset, into);
        } else {
            byteColumn(bytes, offset, into);
        }
    }

    private static void halfColumn(short[] src, int offset, float[] into) {
        for (int r = 0; r < BLOCK; r++) {
            into[r] = fromHalf(src[offset + r]);
        }
    }

    private static void byteColumn(byte[] src, int offset, float[] into) {
        for (int r = 0; r < BLOCK; r++) {
            into[r] = src[offset + r];
        }
    }

    private static void scale(float[] acc, float[] scales, int from) {
        for (int r = 0; r < BLOCK; r++) {
            acc[r] *= scales[from + r];
        }
    }

    /** IEEE 754 binary16 bits of {@code f}, rounded half to even (Java 17 has no Float.floatToFloat16). */
    static short toHalf(float f) {
        if (Float.isNaN(f)) {
            throw new IllegalArgumentException("NaN has no place in a template");
        }
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        float a = Math.abs(f);
        if (a >= 65520f) { // rounds past the largest binary16 (65504)
            return (short) (sign | 0x7c00);
        }
        if (a < 0x1p-14f) { // binary16 subnormal: multiples of 2^-24 (rint rounds half to even)
            return (short) (sign | (int) Math.rint(a * 0x1p24f));
        }
        int abs = bits & 0x7fffffff;
        int rounded = abs + 0xfff + ((abs >>> 13) & 1); // round the 13 dropped mantissa bits half to even
        return (short) (sign | ((rounded >>> 13) - ((127 - 15) << 10)));
    }

    /**
     * The float value of binary16 bits: the 15 magnitude bits moved into a float's exponent and mantissa and scaled by
     * 2^112 (the difference of the exponent biases), which is exact for normal and subnormal halves alike.
     */
    static float fromHalf(short h) {
        int sign = (h & 0x8000) << 16;
        return Float.intBitsToFloat(sign | ((h & 0x7fff) << 13)) * 0x1p112f;
    }

    /** The int8 scale of one vector: its largest magnitude maps to 127. */
    static float int8Scale(float[] v) {
        float max = 0f;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max == 0f ? 1f : max / 127f;
    }

    static byte toInt8(float x, float scale) {
        return (byte) Math.max(-127, Math.min(127, Math.round(x / scale)));
    }
}
