package oneshot.gallery;

import java.util.Arrays;

/**
 * The cell of a stored vector on a coarse grid over its first components, kept in {@code embeddings.face_key} (indexed
 * with the model id), so the "same face already enrolled" check reads a handful of rows instead of every vector.
 *
 * <p>Why no same face is missed: two vectors are the same face when their squared L2 is below
 * {@link GalleryStore#SAME_FACE_DISTANCE} (1e-4), and then every component differs by less than its square root, 0.01
 * (one term alone would exceed the sum otherwise). The grid cuts each of the first {@link #dims} components into cells
 * of width {@link #width}; a vector's key packs the cell numbers {@code cell(x) = floor(x / width)} of those components.
 * For a new vector x and a stored y within 0.01 per component, {@code x - m < y < x + m} for the margin {@link #MARGIN}
 * (0.0101, a little more than 0.01 so floating-point rounding of the distance or of the cell arithmetic cannot matter),
 * and since {@code cell} never decreases, {@code cell(x - m) <= cell(y) <= cell(x + m)}. These two bounds differ by at
 * most one because {@code 2m < width}, so y's cell is one of them, in every component: y's key is one of the keys
 * {@link #near} lists (every combination of the two choices, usually few, since both bounds are the same cell unless x
 * lies within m of a cell boundary; at most 2^dims). Fetching the rows with those keys and computing the exact distance
 * on them finds every stored vector the full scan would find. Cells are clamped to the range a unit vector's
 * components can take ([-1, 1]); clamping keeps {@code cell} non-decreasing, so the argument stands for any vector.
 *
 * <p>The grid, 8 components of cells 0.04 wide, was chosen by counting rows per lookup (docs/scale.md): on 1M synthetic
 * 128-d unit vectors (components about N(0, 1/128), 0.088 wide) a lookup lists 26 keys on average (at most 256) and
 * reads 1.5 rows; real descriptors crowd into a cone (components about 0.035 wide), and on the 115 golden dlib ones a
 * lookup reads 0.17% of the others (1,700 rows if 1M people crowded as much). Wider cells list fewer keys but read more
 * rows (0.05: 15 keys, 4.7 synthetic rows, 0.37% real), narrower ones the reverse (0.03: 63 keys, 0.4 rows, 0.08%).
 * Changing the grid
 * changes every stored key: it is part of the gallery's schema version ({@link GalleryFile#SCHEMA_VERSION}).
 */
public final class FaceKey {
    /** The grid every gallery writer and the same-face check use. */
    public static final FaceKey GALLERY = new FaceKey(8, 0.04);

    /** Slightly above sqrt(SAME_FACE_DISTANCE) = 0.01, the largest per-component difference of the same face. */
    static final double MARGIN = 0.0101;

    private final int dims;
    private final double width;
    private final int maxCell;
    private final int bits;

    FaceKey(int dims, double width) {
        if (MARGIN * MARGIN <= GalleryStore.SAME_FACE_DISTANCE || 2 * MARGIN >= width) {
            throw new IllegalArgumentException("cells of width " + width + " cannot hold the margin " + MARGIN);
        }
        this.dims = dims;
        this.width = width;
        this.maxCell = (int) Math.ceil(1 / width);
        this.bits = 32 - Integer.numberOfLeadingZeros(2 * maxCell); // cell + maxCell in [0, 2 maxCell]
        if (dims * bits > 63) {
            throw new IllegalArgumentException(dims + " cells of " + bits + " bits do not fit a BIGINT key");
        }
    }

    public int dims() {
        return dims;
    }

    public double width() {
        return width;
    }

    /** The key of a stored vector (a unit vector, as the store keeps them). */
    public long of(float[] v) {
        long key = 0;
        for (int i = 0; i < Math.min(dims, v.length); i++) {
            key = key << bits | cell(v[i]);
        }
        return key;
    }

    /** Every key a stored vector within squared L2 {@link GalleryStore#SAME_FACE_DISTANCE} of {@code v} can have. */
    public long[] near(float[] v) {
        long[] keys = {0};
        int n = 1;
        for (int i = 0; i < Math.min(dims, v.length); i++) {
            int lo = cell(v[i] - MARGIN);
            int hi = cell(v[i] + MARGIN);
            if (hi != lo) {
                keys = Arrays.copyOf(keys, 2 * n);
            }
            for (int k = 0; k < n; k++) {
                long prefix = keys[k] << bits;
                keys[k] = prefix | lo;
                if (hi != lo) {
                    keys[n + k] = prefix | hi;
                }
            }
            n = keys.length;
        }
        return keys;
    }

    /** The component's cell number, shifted to be non-negative and clamped to the range of unit vectors. */
    private int cell(double x) {
        int c = (int) Math.floor(x / width);
        return Math.max(-maxCell, Math.min(maxCell, c)) + maxCell;
    }
}
