package oneshot.gallery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small float-vector helpers: unit length, dot product, and the float32 little-endian blob the store keeps. */
public final class Vectors {
    private Vectors() {}

    /** A unit-length copy; refuses zero, NaN or infinite vectors because they cannot be compared. */
    public static float[] normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new GalleryException("embedding has no direction (zero, NaN or infinite values): cannot be compared");
        }
        double inv = 1.0 / Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** Squared Euclidean distance; for unit vectors it equals 2 - 2 cos, in [0, 4]. */
    public static double squaredL2(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new GalleryException("cannot compare vectors of dimension " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    public static byte[] toBlob(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return buf.array();
    }

    public static float[] fromBlob(byte[] blob) {
        if (blob == null || blob.length % Float.BYTES != 0) {
            throw new GalleryException("stored vector blob has " + (blob == null ? "no" : blob.length)
                    + " bytes, not a whole number of float32 values");
        }
        float[] v = new float[blob.length / Float.BYTES];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
