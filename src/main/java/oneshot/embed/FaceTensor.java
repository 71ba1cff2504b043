package oneshot.embed;

import oneshot.image.RgbImage;

/**
 * The networks' input format: CHW float32, channels R, G, B, pixel / 255 (no mean or std: OpenFace trained on [0,1];
 * dlib's ResNet subtracts its mean RGB inside its first conv). {@link #SIZE} is nn4.small2's; dlib's is 150.
 */
public final class FaceTensor {
    public static final int SIZE = 96;
    public static final int VALUES = 3 * SIZE * SIZE;

    private FaceTensor() {}

    /** Floats of one face of side {@code size}. */
    public static int values(int size) {
        return 3 * size * size;
    }

    /** Writes one 96x96 face into {@code dst} at {@code offset} (VALUES floats). */
    public static void write(RgbImage face, float[] dst, int offset) {
        write(face, SIZE, dst, offset);
    }

    /** Writes one {@code size x size} face into {@code dst} at {@code offset} ({@link #values(int)} floats). */
    public static void write(RgbImage face, int size, float[] dst, int offset) {
        if (face.width() != size || face.height() != size) {
            throw new IllegalArgumentException("face must be " + size + "x" + size + ", got " + face.width() + "x" + face.height());
        }
        byte[] rgb = face.rgb();
        int plane = size * size;
        for (int i = 0; i < plane; i++) {
            dst[offset + i] = (rgb[3 * i] & 0xff) / 255f;
            dst[offset + plane + i] = (rgb[3 * i + 1] & 0xff) / 255f;
            dst[offset + 2 * plane + i] = (rgb[3 * i + 2] & 0xff) / 255f;
        }
    }

    /** {@code n} faces of side {@code size} (n x 3 x size x size) mirrored left to right, into a new array. */
    public static float[] mirrored(float[] chw, int n, int size) {
        float[] out = new float[n * values(size)];
        for (int row = 0; row < n * 3 * size; row++) {
            int base = row * size;
            for (int x = 0; x < size; x++) {
                out[base + x] = chw[base + size - 1 - x];
            }
        }
        return out;
    }

    public static float[] of(RgbImage face) {
        float[] out = new float[VALUES];
        write(face, out, 0);
        return out;
    }
}
