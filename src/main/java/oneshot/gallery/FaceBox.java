package oneshot.gallery;

/** A face's bounding box in image pixels (top-left corner, width, height). */
public record FaceBox(double x, double y, double width, double height) {
    public double area() {
        return Math.max(0, width) * Math.max(0, height);
    }

    /** Intersection over union: how much two boxes describe the same face. */
    public double iou(FaceBox o) {
        double ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
        double iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
        double inter = ix * iy;
        double union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "[x=%.0f y=%.0f w=%.0f h=%.0f]", x, y, width, height);
    }
}
