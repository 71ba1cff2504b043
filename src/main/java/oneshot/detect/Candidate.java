package oneshot.detect;

/** A box moving through the cascade, in the original code's 1-based inclusive corner convention. */
final class Candidate {
    double x1;
    double y1;
    double x2;
    double y2;
    double score;
    /** Box regression (dx1, dy1, dx2, dy2) of the stage that produced it. */
    final double[] reg = new double[4];
    /** O-Net landmarks (x0..x4, y0..y4), image coordinates, 0-based. */
    double[] points;

    Candidate(double x1, double y1, double x2, double y2, double score) {
        this.x1 = x1;
        this.y1 = y1;
        this.x2 = x2;
        this.y2 = y2;
        this.score = score;
    }

    /** The original {@code bbreg}: offsets scale with the inclusive size. */
    void applyRegression(double[] r) {
        double w = x2 - x1 + 1;
        double h = y2 - y1 + 1;
        x1 += r[0] * w;
        y1 += r[1] * h;
        x2 += r[2] * w;
        y2 += r[3] * h;
    }

    /** The original {@code rerec}: square around the centre, side = the longer side. */
    void square() {
        double w = x2 - x1;
        double h = y2 - y1;
        double l = Math.max(w, h);
        x1 = x1 + w * 0.5 - l * 0.5;
        y1 = y1 + h * 0.5 - l * 0.5;
        x2 = x1 + l;
        y2 = y1 + l;
    }

    /** {@code np.fix}: truncation toward zero. */
    void truncate() {
        x1 = fix(x1);
        y1 = fix(y1);
        x2 = fix(x2);
        y2 = fix(y2);
    }

    static double fix(double v) {
        return v < 0 ? Math.ceil(v) : Math.floor(v);
    }
}
