package oneshot.gallery;

import java.util.Arrays;

/**
 * Unit vectors in one contiguous {@code float[]}, laid out in blocks of {@link #BLOCK} rows stored dimension-major.
 *
 * <p>Why not plain row-major: a row-by-row dot product is a float reduction, which HotSpot's C2 (Java 17) does not turn into
 * SIMD code. Dimension-major blocks make the scan an element-wise multiply-add over 512 rows at a time
 * ({@code acc[r] += q[j] * x[j][r]}). C2 vectorises that only when both arrays are indexed from 0 (an unknown offset into
 * the big array defeats its alignment analysis), so each 2 KB column is first copied into a small buffer: an L1-resident
 * copy that bought a 3x faster kernel in measurements (docs/gallery.md). The last block is zero-padded; padding rows are
 * never reported.
 */
final class BlockedVectors {
    static final int BLOCK = 512;

    private final int dim;
    private final int size;
    private final float[] data;

    /** Wraps {@code data} already in blocked layout (see {@link #index}); it may be longer than {@code size} needs. */
    BlockedVectors(float[] data, int size, int dim) {
        if ((long) capacityFor(size, dim) > data.length) {
            throw new IllegalArgumentException("array too short for " + size + " rows");
        }
        this.dim = dim;
        this.size = size;
        this.data = data;
    }

    /** Where component {@code j} of row {@code row} lives. */
    static int index(int row, int j, int dim) {
        return (row / BLOCK) * BLOCK * dim + j * BLOCK + row % BLOCK;
    }

    /** Array length holding {@code rows} rows: whole blocks. */
    static int capacityFor(int rows, int dim) {
        long total = (long) ((rows + BLOCK - 1) / BLOCK) * BLOCK * dim;
        if (total > Integer.MAX_VALUE - 8) {
            throw new GalleryException(rows + " vectors of " + dim + "-d exceed one Java array (at most "
                    + ((Integer.MAX_VALUE - 8) / dim / BLOCK * BLOCK) + ")");
        }
        return (int) total;
    }

    int size() {
        return size;
    }

    int blocks() {
        return (size + BLOCK - 1) / BLOCK;
    }

    /** Overwrites one row (below {@link #size}) with {@code v}. */
    void set(int row, float[] v) {
        for (int j = 0; j < dim; j++) {
            data[index(row, j, dim)] = v[j];
        }
    }

    /**
     * The same rows with {@code newSize} rows in use: shares this array while it is long enough, else copies it into one
     * twice as large (so appending one row at a time stays cheap). Rows past a shrunk size are never scanned.
     */
    BlockedVectors resized(int newSize) {
        if (capacityFor(newSize, dim) <= data.length) {
            return new BlockedVectors(data, newSize, dim);
        }
        long doubled = Math.max(capacityFor(newSize, dim), 2L * data.length);
        int length = doubled > Integer.MAX_VALUE - 8 ? capacityFor(newSize, dim) : (int) doubled;
        return new BlockedVectors(Arrays.copyOf(data, length), newSize, dim);
    }

    float[] row(int row) {
        float[] out = new float[dim];
        for (int j = 0; j < dim; j++) {
            out[j] = data[index(row, j, dim)];
        }
        return out;
    }

    /**
     * The dot product {@link #scan} computes for one row, in the same order of float operations (four columns at a time,
     * then the rest), so a re-ranked candidate gets exactly the score the float32 scan gives it. {@code x} is one row of
     * {@code dim} values from {@code offset}.
     */
    static float dot(float[] q, float[] x, int offset) {
        int dim = q.length;
        float acc = 0f;
        int j = 0;
        for (; j + 4 <= dim; j += 4) {
            int o = offset + j;
            acc += q[j] * x[o] + q[j + 1] * x[o + 1] + q[j + 2] * x[o + 2] + q[j + 3] * x[o + 3];
        }
        for (; j < dim; j++) {
            acc += q[j] * x[offset + j];
        }
        return acc;
    }

    /** Squared L2 between unit vectors from their dot product, as every index reports it (rounding can dip below 0). */
    static double distance(float dot) {
        return Math.max(0.0, 2.0 - 2.0 * dot);
    }

    /** {@code acc += s * x}, both from index 0 so that C2 emits SIMD code. */
    static void multiplyAdd(float[] acc, float s, float[] x) {
        for (int r = 0; r < BLOCK; r++) {
            acc[r] += s * x[r];
        }
    }

    /** Four columns per pass: a quarter of the loads and stores of {@code acc}, measured 1.5x faster than one at a time. */
    static void multiplyAdd4(float[] acc, float s0, float[] x0, float s1, float[] x1, float s2, float[] x2, float s3,
            float[] x3) {
        for (int r = 0; r < BLOCK; r++) {
            acc[r] += s0 * x0[r] + s1 * x1[r] + s2 * x2[r] + s3 * x3[r];
        }
    }

    /** Dot products of {@code q} with every row of blocks [fromBlock, toBlock), offered to {@code top}. */
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
                System.arraycopy(data, off, c0, 0, BLOCK);
                System.arraycopy(data, off + BLOCK, c1, 0, BLOCK);
                System.arraycopy(data, off + 2 * BLOCK, c2, 0, BLOCK);
                System.arraycopy(data, off + 3 * BLOCK, c3, 0, BLOCK);
                multiplyAdd4(acc, q[j], c0, q[j + 1], c1, q[j + 2], c2, q[j + 3], c3);
            }
            for (; j < dim; j++) {
                System.arraycopy(data, base + j * BLOCK, c0, 0, BLOCK);
                multiplyAdd(acc, q[j], c0);
            }
            top.offerBlock(acc, b * BLOCK, Math.min(BLOCK, size - b * BLOCK));
        }
    }
}
