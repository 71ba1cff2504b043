package oneshot.align;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Reads dlib's serialized {@code shape_predictor} (e.g. {@code shape_predictor_68_face_landmarks.dat}) exactly as
 * dlib's {@code deserialize(shape_predictor&)} does: version 1, the initial shape, the forests (split features and
 * leaf vectors), then the per-cascade anchor indices and pixel offsets.
 *
 * <p>The default file is {@link #DEFAULT_PATH} (Debian's {@code libdlib-data}); override with the system property
 * {@code oneshot.dlib.shapePredictor} or the environment variable {@code ONESHOT_DLIB_SHAPE_PREDICTOR}.
 */
public final class ShapePredictorReader {
    public static final String DEFAULT_PATH = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
    private static final long MAX_ITEMS = 50_000_000L;

    private ShapePredictorReader() {}

    /** Where the 68-landmark model is expected: property, then environment, then Debian's path. */
    public static Path defaultPath() {
        String p = System.getProperty("oneshot.dlib.shapePredictor");
        if (p == null || p.isBlank()) p = System.getenv("ONESHOT_DLIB_SHAPE_PREDICTOR");
        if (p == null || p.isBlank()) p = DEFAULT_PATH;
        return Paths.get(p);
    }

    /** Reads the model at {@link #defaultPath()}, with an error that says how to install or point to it. */
    public static ShapePredictor readDefault() throws IOException {
        Path p = defaultPath();
        if (!Files.isRegularFile(p)) {
            throw new IOException("dlib shape predictor not found at " + p + ": install Debian's libdlib-data "
                    + "(apt-get install libdlib-data) or set -Doneshot.dlib.shapePredictor=FILE");
        }
        return read(p);
    }

    public static ShapePredictor read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    static ShapePredictor read(InputStream stream, String source) throws IOException {
        try (DlibInput in = new DlibInput(stream, source)) {
            long version = in.readSigned();
            if (version != 1) {
                throw new IOException(source + ": unexpected shape_predictor version " + version + " (expected 1)");
            }
            float[] initialShape = readColumn(in, "initial shape");
            if (initialShape.length == 0 || initialShape.length % 2 != 0) {
                throw new IOException(source + ": initial shape has " + initialShape.length + " values, expected an even count");
            }
            int parts = initialShape.length / 2;
            int nCascades = in.readCount(MAX_ITEMS, "cascade count");
            int[][] splitStart = new int[nCascades][];
            int[][] leafStart = new int[nCascades][];
            int[][] idx1 = new int[nCascades][];
            int[][] idx2 = new int[nCascades][];
            float[][] thresh = new float[nCascades][];
            float[][] leaves = new float[nCascades][];
            for (int c = 0; c < nCascades; c++) {
                int nTrees = in.readCount(MAX_ITEMS, "tree count");
                IntList s1 = new IntList(), s2 = new IntList();
                FloatList th = new FloatList(), lv = new FloatList();
                int[] ss = new int[nTrees + 1];
                int[] ls = new int[nTrees + 1];
                for (int t = 0; t < nTrees; t++) {
                    int nSplits = in.readCount(MAX_ITEMS, "split count");
                    for (int s = 0; s < nSplits; s++) {
                        s1.add(in.readCount(Integer.MAX_VALUE, "split feature index"));
                        s2.add(in.readCount(Integer.MAX_VALUE, "split feature index"));
                        th.add(in.readFloat());
                    }
                    int nLeaves = in.readCount(MAX_ITEMS, "leaf count");
                    if (nLeaves != nSplits + 1) {
                        throw new IOException(source + ": cascade " + c + " tree " + t + " has " + nSplits
                                + " splits but " + nLeaves + " leaves (expected splits+1)");
                    }
                    for (int l = 0; l < nLeaves; l++) {
                        float[] leaf = readColumn(in, "leaf vector");
                        if (leaf.length != 2 * parts) {
                            throw new IOException(source + ": leaf of " + leaf.length + " values, expected " + 2 * parts);
                        }
                        lv.addAll(leaf);
                    }
                    ss[t + 1] = ss[t] + nSplits;
                    ls[t + 1] = ls[t] + nLeaves;
                }
                splitStart[c] = ss;
                leafStart[c] = ls;
                idx1[c] = s1.toArray();
                idx2[c] = s2.toArray();
                thresh[c] = th.toArray();
                leaves[c] = lv.toArray();
            }
            int nAnchor = in.readCount(MAX_ITEMS, "anchor set count");
            if (nAnchor != nCascades) {
                throw new IOException(source + ": " + nAnchor + " anchor sets for " + nCascades + " cascades");
            }
            int[][] anchors = new int[nCascades][];
            for (int c = 0; c < nCascades; c++) {
                int n = in.readCount(MAX_ITEMS, "anchor count");
                anchors[c] = new int[n];
                for (int i = 0; i < n; i++) {
                    anchors[c][i] = in.readCount(parts - 1, "anchor part index");
                }
            }
            int nDelta = in.readCount(MAX_ITEMS, "delta set count");
            if (nDelta != nCascades) {
                throw new IOException(source + ": " + nDelta + " delta sets for " + nCascades + " cascades");
            }
            ShapePredictor.Cascade[] cascades = new ShapePredictor.Cascade[nCascades];
            for (int c = 0; c < nCascades; c++) {
                int n = in.readCount(MAX_ITEMS, "delta count");
                if (n != anchors[c].length) {
                    throw new IOException(source + ": cascade " + c + " has " + anchors[c].length + " anchors but " + n + " deltas");
                }
                float[] d = new float[2 * n];
                for (int i = 0; i < 2 * n; i++) {
                    d[i] = in.readFloat();
                }
                for (int s : idx1[c]) checkFeature(source, c, s, n);
                for (int s : idx2[c]) checkFeature(source, c, s, n);
                cascades[c] = new ShapePredictor.Cascade(splitStart[c], leafStart[c], idx1[c], idx2[c], thresh[c],
                        leaves[c], anchors[c], d);
            }
            if (!in.atEnd()) {
                throw new IOException(source + ": unexpected data after the shape predictor at byte " + in.position());
            }
            return new ShapePredictor(initialShape, cascades);
        }
    }

    private static void checkFeature(String source, int cascade, int index, int features) throws IOException {
        if (index >= features) {
            throw new IOException(source + ": cascade " + cascade + " splits on feature " + index + " of " + features);
        }
    }

    /** A dlib {@code matrix<float,0,1>}: rows and columns (negated in dlib's newer format), then the values. */
    private static float[] readColumn(DlibInput in, String what) throws IOException {
        long nr = Math.abs(in.readSigned());
        long nc = Math.abs(in.readSigned());
        if (nc != 1 && nr != 0) {
            throw new IOException("expected a column vector for " + what + ", got " + nr + "x" + nc);
        }
        if (nr > MAX_ITEMS) {
            throw new IOException(what + " has " + nr + " rows: not a shape predictor file?");
        }
        float[] v = new float[(int) nr];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    private static final class IntList {
        int[] a = new int[1024];
        int n;

        void add(int v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class FloatList {
        float[] a = new float[1024];
        int n;

        void add(float v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        void addAll(float[] v) {
            if (n + v.length > a.length) a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + v.length));
            System.arraycopy(v, 0, a, n, v.length);
            n += v.length;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
