package oneshot.align;

/**
 * A face box in dlib's {@code rectangle} convention: inclusive integer corners, which may lie partly outside the image.
 *
 * <p>dlib's shape predictor maps the box's top-left corner to (0,0) and its bottom-right corner to (1,1) of the mean
 * shape frame, so width and height used there are {@code right-left} and {@code bottom-top}, not the inclusive size.
 */
public record FaceBox(long left, long top, long right, long bottom) {
    /** dlib's {@code rectangle::area()}: the inclusive pixel count, used to pick the largest face. */
    public long area() {
        long w = right - left + 1;
        long h = bottom - top + 1;
        return w <= 0 || h <= 0 ? 0 : w * h;
    }
}
