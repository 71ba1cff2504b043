package oneshot.image;

import java.awt.image.BufferedImage;

/**
 * An 8-bit RGB image held as interleaved bytes, row-major: the one pixel format every stage agrees on.
 *
 * <p>Decoding (any colour model, EXIF orientation) turns files into this; detection, alignment and embedding read it.
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + (width * height * 3) + " bytes, got " + rgb.length);
        }
    }

    /** Channel c (0=R, 1=G, 2=B) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    /** Copies a BufferedImage whose colour model Java already understands (decoders handle the exotic ones). */
    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        if (storesPlainSrgb(img.getType())) {
            // the raster's first three bands are R, G, B as getRGB would give them, read without its per-pixel colour
            // model calls
            java.awt.image.Raster raster = img.getRaster();
            int bands = raster.getNumBands();
            int[] samples = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, samples);
                for (int x = 0, i = y * w * 3; x < w; x++, i += 3) {
                    out[i] = (byte) samples[x * bands];
                    out[i + 1] = (byte) samples[x * bands + 1];
                    out[i + 2] = (byte) samples[x * bands + 2];
                }
            }
            return new RgbImage(w, h, out);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int i = (y * w + x) * 3;
                out[i] = (byte) (p >> 16);
                out[i + 1] = (byte) (p >> 8);
                out[i + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, out);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.image.WritableRaster raster = img.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                row[x] = ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
            }
            // TYPE_INT_RGB's data elements are these packed pixels: what setRGB stores, without a colour model call each
            raster.setDataElements(0, y, width, 1, row);
        }
        return img;
    }

    /**
     * Types whose raster holds 8-bit sRGB samples with R, G, B as its first three bands and alpha (if any) not
     * premultiplied: getRGB returns exactly those samples.
     */
    private static boolean storesPlainSrgb(int type) {
        return type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_INT_RGB
                || type == BufferedImage.TYPE_INT_BGR || type == BufferedImage.TYPE_INT_ARGB
                || type == BufferedImage.TYPE_4BYTE_ABGR;
    }
}
