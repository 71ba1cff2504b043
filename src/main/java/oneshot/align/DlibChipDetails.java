package oneshot.align;

/**
 * dlib's {@code chip_details} for a face: where in the image a {@code rows x cols} chip is cut, as a rectangle (centre,
 * inclusive size) rotated by {@code angle} radians about its centre.
 *
 * <p>{@link #forFace} is {@code get_face_chip_details(shape, size, padding)} for 68 landmarks: the least-squares
 * similarity from dlib's mean face (33 points: nose, eyes, outer lips and upper inner lip; eyebrows, jaw and the lower
 * lip are left out), scaled into the padded chip, onto the landmarks. dlib's face descriptor expects
 * {@code forFace(shape, 150, 0.25)}.
 */
public record DlibChipDetails(double centerX, double centerY, double width, double height, double angle, int rows,
                              int cols) {
    public static final int DESCRIPTOR_SIZE = 150;
    public static final double DESCRIPTOR_PADDING = 0.25;

    /** dlib's mean face for parts 17..67, in the unit square (from {@code interpolation.h}, dlib 19.24). */
    private static final double[] MEAN_X = {
        0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
        0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
        0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
        0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
        0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
        0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
        0.553364, 0.490127, 0.42689,
    };
    private static final double[] MEAN_Y = {
        0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
        0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
        0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
        0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
        0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
        0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
        0.784792, 0.824182, 0.831803, 0.824182,
    };

    public DlibChipDetails {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("chip size must be positive: " + cols + "x" + rows);
        }
    }

    /** {@code get_face_chip_details(det, size, padding)} for dlib's 68-point shape. */
    public static DlibChipDetails forFace(FaceLandmarks lm, int size, double padding) {
        if (lm.size() != 68) {
            throw new IllegalArgumentException("dlib face chips need the 68-point shape, got " + lm.size() + " landmarks");
        }
        if (size <= 0 || !(padding >= 0)) {
            throw new IllegalArgumentException("chip size must be positive and padding >= 0: " + size + ", " + padding);
        }
        double[] chip = new double[66];
        double[] image = new double[66];
        int n = 0;
        for (int i = 17; i < 68; i++) {
            if (i <= 26 || (55 <= i && i <= 59) || i >= 65) {
                continue;   // eyebrows and lower lip are not used
            }
            chip[2 * n] = (padding + MEAN_X[i - 17]) / (2 * padding + 1) * size;
            chip[2 * n + 1] = (padding + MEAN_Y[i - 17]) / (2 * padding + 1) * size;
            image[2 * n] = lm.x(i);
            image[2 * n + 1] = lm.y(i);
            n++;
        }
        return fromSimilarity(SimilarityTransform.fit(chip, image), size, size);
    }

    /** dlib's {@code chip_details(chip_points, img_points, dims)} given the chip-to-image similarity. */
    static DlibChipDetails fromSimilarity(AffineTransform chipToImage, int rows, int cols) {
        double px = chipToImage.m00(), py = chipToImage.m10();   // the image of the chip's unit x vector
        double scale = Math.sqrt(px * px + py * py);   // dlib's length(p)
        double cx = chipToImage.mapX(cols / 2.0, rows / 2.0);
        double cy = chipToImage.mapY(cols / 2.0, rows / 2.0);
        return new DlibChipDetails(cx, cy, cols * scale, rows * scale, Math.atan2(py, px), rows, cols);
    }

    DlibRect rect() {
        return DlibRect.centered(centerX, centerY, width, height);
    }

    /**
     * {@code get_mapping_to_chip(details)}: the image-to-chip map taking the rotated rectangle's corners tl, tr, br to
     * (0, 0), (cols-1, 0), (cols-1, rows-1).
     */
    public AffineTransform mappingToChip() {
        DlibRect r = rect();
        double[] tl = r.rotatedCorner(0, angle), tr = r.rotatedCorner(1, angle), br = r.rotatedCorner(3, angle);
        return AffineTransform.fromThreePoints(new double[] {tl[0], tl[1], tr[0], tr[1], br[0], br[1]},
                new double[] {0, 0, cols - 1, 0, cols - 1, rows - 1});
    }
}
