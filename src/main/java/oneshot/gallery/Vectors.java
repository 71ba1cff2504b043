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

    /**
     * The dot product every {@link TemplateIndex} scores candidates with ({@link BlockedVectors#dot}: the float32 scan's
     * own order of operations), so an index outside this package (scale/solr) reports the exact scan's distances.
     */
    public static float scanDot(float[] unitProbe, float[] unitTemplate) {
        if (unitProbe.length != unitTemplate.length) {
            throw new GalleryException("vectors differ in length: " + unitProbe.length + " vs " + unitTemplate.length);
        }
        return BlockedVectors.dot(unitProbe, unitTemplate, 0);
    }

    /** Squared L2 between unit vectors from {@link #scanDot}, as every index reports it. */
    public static double distanceFromDot(float dot) {
        return BlockedVectors.distance(dot);
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
