package oneshot.align;

import oneshot.image.RgbImage;

/**
 * dlib's {@code pyramid_down<2>} on an RGB image (its RGB-to-RGB overload): a separable 5-tap [1 4 6 4 1] filter in
 * 16-bit integers, every other column and row kept, each channel {@code sum / 256} truncated. Output pixel (c, r) is
 * centred on input (2c + 2, 2r + 2); the output is {@code (w - 3) / 2} by {@code (h - 3) / 2}, none for 8 pixels or fewer.
 */
final class DlibPyramidDown {
    private DlibPyramidDown() {}

    /**
     * Halves the {@code w x h} window at (x0, y0) of {@code src}.
     *
     * @return the smaller image, or null when the window is 8 pixels or fewer on a side (dlib then returns an empty image)
     */
    static RgbImage down(RgbImage src, int x0, int y0, int w, int h) {
        if (w <= 8 || h <= 8) {
            return null;
        }
        int tw = (w - 3) / 2;
        int dh = (h - 3) / 2;
        byte[] s = src.rgb();
        int stride = src.width() * 3;
        int[] rows = new int[h * tw * 3];   // row-filtered, full height (sums up to 16 * 255)
        for (int r = 0; r < h; r++) {
            int base = (y0 + r) * stride + x0 * 3;
            for (int c = 0; c < tw; c++) {
                int p = base + 2 * c * 3;
                for (int ch = 0; ch < 3; ch++) {
                    rows[(r * tw + c) * 3 + ch] = (s[p + ch] & 0xff) + 4 * (s[p + 3 + ch] & 0xff)
                            + 6 * (s[p + 6 + ch] & 0xff) + 4 * (s[p + 9 + ch] & 0xff) + (s[p + 12 + ch] & 0xff);
                }
            }
        }
        byte[] out = new byte[dh * tw * 3];
        int line = tw * 3;
        int dr = 0;
        for (int r = 2; r < h - 2; r += 2, dr++) {
            for (int i = 0; i < line; i++) {
                int sum = rows[(r - 2) * line + i] + 4 * rows[(r - 1) * line + i] + 6 * rows[r * line + i]
                        + 4 * rows[(r + 1) * line + i] + rows[(r + 2) * line + i];   // <= 65280: dlib's uint16 holds it
                out[dr * line + i] = (byte) (sum / 256);
            }
        }
        return new RgbImage(tw, dh, out);
    }
}
