package oneshot.align;

/**
 * The least-squares similarity (rotation, uniform scale, translation; no reflection) mapping points onto others:
 * Umeyama's solution, which in 2-D has a closed form.
 */
public final class SimilarityTransform {
    private SimilarityTransform() {}

    /** Points interleaved {@code x0, y0, x1, y1, ...}; at least 2 distinct source points. */
    public static AffineTransform fit(double[] src, double[] dst) {
        if (src.length != dst.length || src.length < 4 || src.length % 2 != 0) {
            throw new IllegalArgumentException("need as many source as target points, at least 2: " + src.length + " vs "
                    + dst.length + " values");
        }
        int n = src.length / 2;
        double msx = 0, msy = 0, mdx = 0, mdy = 0;
        for (int i = 0; i < n; i++) {
            msx += src[2 * i] / n;
            msy += src[2 * i + 1] / n;
            mdx += dst[2 * i] / n;
            mdy += dst[2 * i + 1] / n;
        }
        double norm = 0, dot = 0, cross = 0;
        for (int i = 0; i < n; i++) {
            double px = src[2 * i] - msx, py = src[2 * i + 1] - msy;
            double qx = dst[2 * i] - mdx, qy = dst[2 * i + 1] - mdy;
            norm += px * px + py * py;
            dot += px * qx + py * qy;
            cross += px * qy - py * qx;
        }
        if (norm == 0) {
            throw new IllegalArgumentException("source points all coincide");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new AffineTransform(a, -b, mdx - (a * msx - b * msy), b, a, mdy - (b * msx + a * msy));
    }
}
