package oneshot.gallery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import oneshot.eval.Templates;

/** The gallery's vector helpers: unit length (with the gallery's error) and the float32 little-endian blob the store keeps. */
public final class Vectors {
    private Vectors() {}

    /** A unit-length copy ({@link Templates#unit}); refuses zero, NaN or infinite vectors with a gallery error. */
    public static float[] normalized(float[] v) {
        try {
            return Templates.unit(v);
        } catch (IllegalArgumentException e) {
            throw new GalleryException(e.getMessage(), e);
        }
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
