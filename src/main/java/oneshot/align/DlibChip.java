package oneshot.align;

import java.util.Objects;
import oneshot.image.RgbImage;

/**
 * dlib's face chip: {@link DlibChipDetails#forFace} from the 68 landmarks, then {@code extract_image_chip(img, details,
 * chip)} with dlib's default bilinear interpolation, reproduced step by step:
 * <ol>
 *   <li>the window: the rotated chip rectangle's bounding box, grown by a margin (2 px, then {@code 2g + 2} per pyramid
 *       level), clipped to the image and rounded; everything after sees only this window (dlib's {@code sub_image}), so
 *       a sample whose 2x2 support leaves it is black, like one outside the image;</li>
 *   <li>when the chip is much smaller than the region (its area after one {@code pyramid_down<2>} step still exceeds
 *       {@code rows * cols}), the window is halved by {@link DlibPyramidDown} as many times as that stays true, and
 *       sampled there;</li>
 *   <li>each chip pixel (c, r) maps through the 3-point affine of the chip corners onto the rotated rectangle (in that
 *       level's coordinates), and takes {@code (1-ty)((1-tx) tl + tx tr) + ty((1-tx) bl + tx br)} per channel in double,
 *       truncated to 8 bits; a sample needs {@code 0 <= floor(x)} and {@code floor(x) + 1 < width} (so the last row and
 *       column are never the top-left neighbour), else it is 0.</li>
 * </ol>
 * An unrotated chip of exactly the rectangle's size is a plain copy (dlib's fast path).
 *
 * <p>Stateless and thread-safe.
 */
public final class DlibChip {
    private DlibChip() {}

    /** dlib's descriptor chip: {@code get_face_chip_details(shape, 150, 0.25)} and its pixels. */
    public static AlignedFace descriptorChip(RgbImage image, FaceLandmarks lm) {
        DlibChipDetails d = DlibChipDetails.forFace(lm, DlibChipDetails.DESCRIPTOR_SIZE, DlibChipDetails.DESCRIPTOR_PADDING);
        return new AlignedFace(extract(image, d), d.mappingToChip(), lm);
    }

    /** {@code extract_image_chip(img, details, chip)} with {@code interpolate_bilinear}. */
    public static RgbImage extract(RgbImage image, DlibChipDetails d) {
        Objects.requireNonNull(image, "image");
        DlibRect rect = d.rect();
        long size = (long) d.rows() * d.cols();
        if (d.angle() == 0 && d.rows() == rect.height() && d.cols() == rect.width()) {
            return copy(image, rect.rounded(), d.cols(), d.rows());
        }
        double grow = 2;
        for (int i = pyramidLevels(d); i > 0; i--) {
            grow = grow * 2 + 2;   // the border each level needs, in full-resolution pixels
        }
        DlibRect rotated = DlibRect.EMPTY;
        for (int k = 0; k < 4; k++) {
            double[] p = rect.rotatedCorner(k, d.angle());
            rotated = rotated.including(p[0], p[1]);
        }
        DlibRect window = rotated.grow(grow)
                .intersect(new DlibRect(0, 0, image.width() - 1, image.height() - 1)).rounded();
        if (window.isEmpty()) {
            return new RgbImage(d.cols(), d.rows(), new byte[d.rows() * d.cols() * 3]);   // nothing of the image: black
        }
        int wx = (int) window.left(), wy = (int) window.top();
        int ww = (int) window.width(), wh = (int) window.height();

        RgbImage source = image;
        int sx = wx, sy = wy, sw = ww, sh = wh;   // the sampled view: a window of the image, or a pyramid level
        DlibRect r = rect.translate(-wx, -wy);
        int level = -1;
        while (r.pyramidDown().area() > size) {
            level++;
            r = r.pyramidDown();
        }
        for (int i = 0; i <= level; i++) {
            source = source == null ? null : DlibPyramidDown.down(source, sx, sy, sw, sh);
            sx = 0;
            sy = 0;
            sw = source == null ? 0 : source.width();
            sh = source == null ? 0 : source.height();
        }
        double[] tl = r.rotatedCorner(0, d.angle()), tr = r.rotatedCorner(1, d.angle()), bl = r.rotatedCorner(2, d.angle());
        AffineTransform chipToSource = AffineTransform.fromThreePoints(
                new double[] {0, 0, d.cols() - 1, 0, 0, d.rows() - 1},
                new double[] {tl[0], tl[1], tr[0], tr[1], bl[0], bl[1]});
        return sample(source, sx, sy, sw, sh, chipToSource, d.cols(), d.rows());
    }

    /** How many {@code pyramid_down<2>} steps dlib takes first: while one more step leaves more than rows * cols. */
    static int pyramidLevels(DlibChipDetails d) {
        long size = (long) d.rows() * d.cols();
        int depth = 0;
        for (DlibRect r = d.rect().pyramidDown(); r.area() > size; r = r.pyramidDown()) {
            depth++;
        }
        return depth;
    }

    /** dlib's {@code transform_image(view, chip, interpolate_bilinear, map)} with the black background. */
    private static RgbImage sample(RgbImage src, int x0, int y0, int w, int h, AffineTransform map, int cols, int rows) {
        byte[] out = new byte[rows * cols * 3];
        if (src == null) {
            return new RgbImage(cols, rows, out);
        }
        byte[] s = src.rgb();
        int stride = src.width() * 3;
        double m00 = map.m00(), m01 = map.m01(), m02 = map.m02(), m10 = map.m10(), m11 = map.m11(), m12 = map.m12();
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                double x = m00 * col + m01 * row + m02;
                double y = m10 * col + m11 * row + m12;
                double fl = Math.floor(x), ft = Math.floor(y);
                if (!(fl >= 0 && ft >= 0 && fl + 1 < w && ft + 1 < h)) {
                    continue;   // outside the view (or NaN): background 0
                }
                int left = (int) fl, top = (int) ft;
                double lr = x - left, tb = y - top;
                int p = (y0 + top) * stride + (x0 + left) * 3;
                int o = (row * cols + col) * 3;
                for (int c = 0; c < 3; c++) {
                    double vtl = s[p + c] & 0xff, vtr = s[p + 3 + c] & 0xff;
                    double vbl = s[p + stride + c] & 0xff, vbr = s[p + stride + 3 + c] & 0xff;
                    double v = (1 - tb) * ((1 - lr) * vtl + lr * vtr) + tb * ((1 - lr) * vbl + lr * vbr);
                    out[o + c] = (byte) (int) v;   // static_cast<unsigned char>(double): truncation
                }
            }
        }
        return new RgbImage(cols, rows, out);
    }

    /** dlib's {@code basic_extract_image_chip}: a plain copy of the rounded rectangle, black outside the image. */
    private static RgbImage copy(RgbImage image, DlibRect at, int cols, int rows) {
        byte[] out = new byte[rows * cols * 3];
        long l = (long) at.left(), t = (long) at.top();
        for (int r = 0; r < rows; r++) {
            long y = t + r;
            if (y < 0 || y >= image.height()) continue;
            for (int c = 0; c < cols; c++) {
                long x = l + c;
                if (x < 0 || x >= image.width()) continue;
                System.arraycopy(image.rgb(), (int) ((y * image.width() + x) * 3), out, (r * cols + c) * 3, 3);
            }
        }
        return new RgbImage(cols, rows, out);
    }
}
