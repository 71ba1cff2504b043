package oneshot.eval;

/**
 * The candidate thresholds the k-fold protocol chooses from. OpenFace's {@code evaluation/lfw.py} uses
 * {@code numpy.arange(0, 4, 0.01)} for squared L2: 400 values {@code i * 0.01}, i = 0..399 (numpy fills arange as
 * {@code start + i * step}, computed here the same way so the thresholds are bit-identical).
 */
public final class ThresholdGrid {
    public static final int OPENFACE_STEPS = 400;

    private ThresholdGrid() {}

    /** 400 steps over {@code [0, max)} for the distance between unit vectors; OpenFace's grid for squared L2. */
    public static double[] openFace(Distance distance) {
        return uniform(distance.maxForUnitVectors() / OPENFACE_STEPS, OPENFACE_STEPS);
    }

    /** {@code i * step} for i = 0..count-1. */
    public static double[] uniform(double step, int count) {
        if (!(step > 0) || count <= 0) {
            throw new IllegalArgumentException("grid needs a positive step and count, got " + step + ", " + count);
        }
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = i * step;
        }
        return t;
    }
}
