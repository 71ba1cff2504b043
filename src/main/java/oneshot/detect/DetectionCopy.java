package oneshot.detect;

import oneshot.image.RgbImage;

/**
 * The image detection runs on: the image itself when its longer side is at most {@code maxSide}, else an area-averaged
 * copy with that longer side; faces found on the copy map back to full-image coordinates.
 *
 * <p>Why: MTCNN's cost grows with pixels (its first pyramid level alone is 0.36 x the image's pixels, ten float
 * channels each), so a 100 MP image took 14 GB and a minute. face_recognition's command line shrinks images above
 * 1600 px the same way ({@code face_recognition_cli.py}, {@code thumbnail((1600, 1600))}); at 1600 px MTCNN's 20 px
 * minimum face is 1/80 of the longer side, which keeps every face a recogniser can use (nn4.small2 works on 96 px crops).
 * Landmarks and crops are then taken from the full image, so a large photo loses no detail of the faces found.
 */
public final class DetectionCopy {
    public static final int DEFAULT_MAX_SIDE = 1600;

    /** {@link #DEFAULT_MAX_SIDE} unless system property {@code oneshot.detect.maxSide} says otherwise. */
    public static int configuredMaxSide() {
        return Integer.getInteger("oneshot.detect.maxSide", DEFAULT_MAX_SIDE);
    }

    private final RgbImage full;
    private final RgbImage copy;
    private final double scaleX;
    private final double scaleY;

    private DetectionCopy(RgbImage full, RgbImage copy) {
        this.full = full;
        this.copy = copy;
        this.scaleX = (double) full.width() / copy.width();
        this.scaleY = (double) full.height() / copy.height();
    }

    /** The image itself when it fits {@code maxSide}, else a shrunk copy (aspect ratio kept, sides rounded). */
    public static DetectionCopy of(RgbImage full, int maxSide) {
        if (maxSide < 12) {
            throw new IllegalArgumentException("maxSide must be at least 12 (MTCNN's input size): " + maxSide);
        }
        int longer = Math.max(full.width(), full.height());
        if (longer <= maxSide) {
            return new DetectionCopy(full, full);
        }
        double s = (double) maxSide / longer;
        int w = Math.max(1, (int) Math.round(full.width() * s));
        int h = Math.max(1, (int) Math.round(full.height() * s));
        float[] v = AreaResampler.resize(full, 0, 0, full.width(), full.height(), w, h);
        byte[] rgb = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            rgb[i] = (byte) Math.min(255, Math.round(v[i]));
        }
        return new DetectionCopy(full, new RgbImage(w, h, rgb));
    }

    /** The image to detect on. */
    public RgbImage image() {
        return copy;
    }

    public boolean shrunk() {
        return copy != full;
    }

    /**
     * A face found on the copy in full-image coordinates. Pixel centres map exactly: the copy's pixel {@code i} averages
     * the full image over {@code [i * scale, (i + 1) * scale)}, so {@code x_full = (x_copy + 0.5) * scale - 0.5}; a box's
     * edges ({@code left}, {@code right + 1} of its inclusive corners) scale by {@code scale}.
     */
    public DetectedFace toFull(DetectedFace f) {
        if (!shrunk()) {
            return f;
        }
        double[] p = new double[10];
        for (int i = 0; i < 5; i++) {
            p[2 * i] = x(f.pointX(i));
            p[2 * i + 1] = y(f.pointY(i));
        }
        // inclusive corners: pixel i spans [i, i + 1), so the box's edges are left and right + 1
        double left = f.left() * scaleX;
        double top = f.top() * scaleY;
        double right = (f.right() + 1) * scaleX - 1;
        double bottom = (f.bottom() + 1) * scaleY - 1;
        return new DetectedFace(f.score(), left, top, right, bottom, p);
    }

    private double x(double v) {
        return (v + 0.5) * scaleX - 0.5;
    }

    private double y(double v) {
        return (v + 0.5) * scaleY - 0.5;
    }
}
