package oneshot.embed;

import oneshot.image.RgbImage;

/**
 * The network's input format: CHW float32, channels R, G, B, pixel / 255 (no mean or std: OpenFace trained on [0,1]).
 */
public final class FaceTensor {
    public static final int SIZE = 96;
    public static final int VALUES = 3 * SIZE * SIZE;

    private FaceTensor() {}

    /** Writes one 96x96 face into {@code dst} at {@code offset} (VALUES floats). */
    public static void write(RgbImage face, float[] dst, int offset) {
        if (face.width() != SIZE || face.height() != SIZE) {
            throw new IllegalArgumentException("face must be " + SIZE + "x" + SIZE + ", got " + face.width() + "x" + face.height());
        }
        byte[] rgb = face.rgb();
        int plane = SIZE * SIZE;
        for (int i = 0; i < plane; i++) {
            dst[offset + i] = (rgb[3 * i] & 0xff) / 255f;
            dst[offset + plane + i] = (rgb[3 * i + 1] & 0xff) / 255f;
            dst[offset + 2 * plane + i] = (rgb[3 * i + 2] & 0xff) / 255f;
        }
    }

    public static float[] of(RgbImage face) {
        float[] out = new float[VALUES];
        write(face, out, 0);
        return out;
    }
}
