package oneshot.align;

/**
 * dlib's {@code drectangle}: corners in double; width and height count inclusively ({@code right - left + 1}), and a
 * rectangle with {@code left > right} or {@code top > bottom} is empty (width, height and area 0).
 */
record DlibRect(double left, double top, double right, double bottom) {
    static final DlibRect EMPTY = new DlibRect(0, 0, -1, -1);

    /** {@code centered_drect(p, w, h)}: a rectangle of inclusive size w x h centred on (cx, cy). */
    static DlibRect centered(double cx, double cy, double width, double height) {
        double w = width - 1;
        double h = height - 1;
        return new DlibRect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }

    boolean isEmpty() {
        return top > bottom || left > right;
    }

    double width() {
        return isEmpty() ? 0 : right - left + 1;
    }

    double height() {
        return isEmpty() ? 0 : bottom - top + 1;
    }

    double area() {
        return width() * height();
    }

    double centerX() {
        return (left + right) / 2.0;
    }

    double centerY() {
        return (top + bottom) / 2.0;
    }

    /** {@code rect + point}: the bounding rectangle of both (a point alone when this is empty). */
    DlibRect including(double x, double y) {
        if (isEmpty()) {
            return new DlibRect(x, y, x, y);
        }
        return new DlibRect(Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y));
    }

    DlibRect intersect(DlibRect o) {
        return new DlibRect(Math.max(left, o.left), Math.max(top, o.top), Math.min(right, o.right),
                Math.min(bottom, o.bottom));
    }

    DlibRect grow(double n) {
        return new DlibRect(left - n, top - n, right + n, bottom + n);
    }

    DlibRect translate(double dx, double dy) {
        return new DlibRect(left + dx, top + dy, right + dx, bottom + dy);
    }

    /** {@code pyramid_down<2>::rect_down}: each corner {@code p/2 - (1.25, 0.75)}. */
    DlibRect pyramidDown() {
        return new DlibRect(left / 2.0 - 1.25, top / 2.0 - 0.75, right / 2.0 - 1.25, bottom / 2.0 - 0.75);
    }

    /** {@code (rectangle) drect}: every corner rounded with {@code floor(v + 0.5)}. */
    DlibRect rounded() {
        return new DlibRect(Math.floor(left + 0.5), Math.floor(top + 0.5), Math.floor(right + 0.5),
                Math.floor(bottom + 0.5));
    }

    /** {@code rotate_point(center(this), corner, angle)} for corner k: 0 tl, 1 tr, 2 bl, 3 br; returns {x, y}. */
    double[] rotatedCorner(int k, double angle) {
        double px = k == 0 || k == 2 ? left : right;
        double py = k < 2 ? top : bottom;
        double cx = centerX(), cy = centerY();
        double sin = Math.sin(angle), cos = Math.cos(angle);
        double dx = px - cx, dy = py - cy;
        return new double[] {cos * dx - sin * dy + cx, sin * dx + cos * dy + cy};
    }
}
