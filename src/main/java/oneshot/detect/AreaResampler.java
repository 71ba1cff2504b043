package oneshot.detect;

import oneshot.image.RgbImage;

/**
 * Resizes a rectangle of an image, like OpenCV's {@code INTER_AREA} (what the original MTCNN pipeline uses): an exact
 * area average when shrinking, bilinear when enlarging. Pixels of the rectangle outside the image count as 0, which is
 * how the original pipeline pads boxes that cross the border.
 */
final class AreaResampler {
    private AreaResampler() {}

    /** Per output index: first source index and the weights of consecutive source indices. */
    private record Axis(int[] start, float[][] weights) {}

    /**
     * Resamples {@code [x0, x0+w) x [y0, y0+h)} of {@code img} to {@code tw x th}; returns raw 0..255 values,
     * interleaved RGB, row-major.
     */
    static float[] resize(RgbImage img, int x0, int y0, int w, int h, int tw, int th) {
        Axis ax = axis(w, tw);
        Axis ay = axis(h, th);
        int iw = img.width();
        int ih = img.height();
        byte[] px = img.rgb();
        float[] out = new float[tw * th * 3];
        float[] row = new float[tw * 3];
        for (int oy = 0; oy < th; oy++) {
            java.util.Arrays.fill(row, 0f);
            float[] wy = ay.weights[oy];
            for (int k = 0; k < wy.length; k++) {
                int sy = y0 + ay.start[oy] + k;
                if (sy < 0 || sy >= ih || wy[k] == 0f) {
                    continue;
                }
                int rowBase = sy * iw;
                for (int ox = 0; ox < tw; ox++) {
                    float[] wx = ax.weights[ox];
                    int sx0 = x0 + ax.start[ox];
                    float r = 0, g = 0, b = 0;
                    for (int j = 0; j < wx.length; j++) {
                        int sx = sx0 + j;
                        if (sx < 0 || sx >= iw) {
                            continue;
                        }
                        int p = (rowBase + sx) * 3;
                        float f = wx[j];
                        r += f * (px[p] & 0xff);
                        g += f * (px[p + 1] & 0xff);
                        b += f * (px[p + 2] & 0xff);
                    }
                    int o = ox * 3;
                    row[o] += wy[k] * r;
                    row[o + 1] += wy[k] * g;
                    row[o + 2] += wy[k] * b;
                }
            }
            System.arraycopy(row, 0, out, oy * tw * 3, tw * 3);
        }
        return out;
    }

    private static Axis axis(int src, int dst) {
        int[] start = new int[dst];
        float[][] weights = new float[dst][];
        double scale = (double) src / dst;
        for (int d = 0; d < dst; d++) {
            if (scale >= 1) {
                double a = d * scale;
                double b = Math.min(src, (d + 1) * scale);
                int s = (int) Math.floor(a);
                int e = (int) Math.ceil(b);
                float[] wt = new float[e - s];
                for (int i = s; i < e; i++) {
                    wt[i - s] = (float) ((Math.min(b, i + 1) - Math.max(a, i)) / scale);
                }
                start[d] = s;
                weights[d] = wt;
            } else {
                double f = (d + 0.5) * scale - 0.5;
                f = Math.max(0, Math.min(src - 1, f));
                int s = (int) Math.floor(f);
                double t = f - s;
                if (s >= src - 1) {
                    start[d] = src - 1;
                    weights[d] = new float[] {1f};
                } else {
                    start[d] = s;
                    weights[d] = new float[] {(float) (1 - t), (float) t};
                }
            }
        }
        return new Axis(start, weights);
    }
}
