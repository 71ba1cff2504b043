package oneshot.align;

/**
 * A 2x3 affine map {@code (x, y) -> (m00 x + m01 y + m02, m10 x + m11 y + m12)}, and OpenCV's
 * {@code getAffineTransform}: the exact map of three float32 points onto three others, solved as OpenCV solves it
 * (a 6x6 system in double, LU with partial pivoting).
 */
public record AffineTransform(double m00, double m01, double m02, double m10, double m11, double m12) {

    /** Row-major {m00, m01, m02, m10, m11, m12}. */
    public double[] toArray() {
        return new double[] {m00, m01, m02, m10, m11, m12};
    }

    public static AffineTransform of(double[] m) {
        return new AffineTransform(m[0], m[1], m[2], m[3], m[4], m[5]);
    }

    public double mapX(double x, double y) {
        return m00 * x + m01 * y + m02;
    }

    public double mapY(double x, double y) {
        return m10 * x + m11 * y + m12;
    }

    /**
     * {@code cv::getAffineTransform(src, dst)} for float32 points given as (x0, y0, x1, y1, x2, y2).
     *
     * @throws IllegalArgumentException when the source points are collinear (OpenCV would return zeros)
     */
    public static AffineTransform fromThreePoints(float[] src, float[] dst) {
        double[] s = new double[6];
        double[] d = new double[6];
        for (int i = 0; i < 6; i++) {
            s[i] = src[i];
            d[i] = dst[i];
        }
        return fromThreePoints(s, d);
    }

    /**
     * The exact affine map of three points onto three others, in double (the same solve; dlib's
     * {@code find_affine_transform} of three points is this map up to its pseudo-inverse's rounding, ~1e-13).
     *
     * @throws IllegalArgumentException when the source points are collinear
     */
    public static AffineTransform fromThreePoints(double[] src, double[] dst) {
        if (src.length != 6 || dst.length != 6) {
            throw new IllegalArgumentException("three points are 6 values: got " + src.length + " and " + dst.length);
        }
        double[] a = new double[36];
        double[] b = new double[6];
        for (int i = 0; i < 3; i++) {
            int j = i * 12, k = i * 12 + 6;
            a[j] = a[k + 3] = src[2 * i];
            a[j + 1] = a[k + 4] = src[2 * i + 1];
            a[j + 2] = a[k + 5] = 1;
            b[2 * i] = dst[2 * i];
            b[2 * i + 1] = dst[2 * i + 1];
        }
        if (!luSolve(a, b, 6)) {
            throw new IllegalArgumentException("the three source points are collinear: no affine map");
        }
        return of(b);
    }

    /** OpenCV's {@code LUImpl} (hal, double): Gaussian elimination with partial pivoting, solution left in b. */
    private static boolean luSolve(double[] a, double[] b, int m) {
        final double eps = Math.ulp(1.0) * 10;   // DBL_EPSILON * 10, OpenCV's threshold for a singular pivot
        for (int i = 0; i < m; i++) {
            int k = i;
            for (int j = i + 1; j < m; j++) {
                if (Math.abs(a[j * m + i]) > Math.abs(a[k * m + i])) k = j;
            }
            if (Math.abs(a[k * m + i]) < eps) return false;
            if (k != i) {
                for (int j = i; j < m; j++) {
                    double t = a[i * m + j]; a[i * m + j] = a[k * m + j]; a[k * m + j] = t;
                }
                double t = b[i]; b[i] = b[k]; b[k] = t;
            }
            double d = -1 / a[i * m + i];
            for (int j = i + 1; j < m; j++) {
                double alpha = a[j * m + i] * d;
                for (int c = i + 1; c < m; c++) a[j * m + c] += alpha * a[i * m + c];
                b[j] += alpha * b[i];
            }
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int c = i + 1; c < m; c++) s -= a[i * m + c] * b[c];
            b[i] = s / a[i * m + i];
        }
        return true;
    }

    /** The inverse map, as {@code cv::warpAffine} computes it when not given WARP_INVERSE_MAP. */
    public AffineTransform inverseLikeOpenCv() {
        double d = m00 * m11 - m01 * m10;
        d = d != 0 ? 1. / d : 0;
        double a11 = m11 * d, a22 = m00 * d;
        double i01 = m01 * -d, i10 = m10 * -d;
        double b1 = -a11 * m02 - i01 * m12;
        double b2 = -i10 * m02 - a22 * m12;
        return new AffineTransform(a11, i01, b1, i10, a22, b2);
    }
}
