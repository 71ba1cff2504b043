package oneshot.detect;

/**
 * One face found by MTCNN.
 *
 * <p>Box corners are 0-based pixel coordinates, inclusive (like dlib's rectangles), as real numbers; they may lie partly
 * outside the image. {@code points} holds the 5 landmarks interleaved {@code x0, y0, ..., x4, y4}, in MTCNN's order:
 * left eye, right eye, nose, left mouth corner, right mouth corner (left/right as seen in the image).
 */
public record DetectedFace(double score, double left, double top, double right, double bottom, double[] points) {
    public static final int LEFT_EYE = 0;
    public static final int RIGHT_EYE = 1;
    public static final int NOSE = 2;
    public static final int MOUTH_LEFT = 3;
    public static final int MOUTH_RIGHT = 4;

    public DetectedFace {
        if (points.length != 10) {
            throw new IllegalArgumentException("MTCNN gives 5 points (10 values), got " + points.length);
        }
    }

    public double width() {
        return right - left + 1;
    }

    public double height() {
        return bottom - top + 1;
    }

    public double area() {
        return width() * height();
    }

    public double pointX(int i) {
        return points[2 * i];
    }

    public double pointY(int i) {
        return points[2 * i + 1];
    }
}
