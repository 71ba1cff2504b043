package oneshot.net;

/**
 * Local response normalisation constants, in the {@code torch.nn.LocalResponseNorm} formula
 * {@code b_c = a_c / (k + alpha/size * sum over size channels of a^2)^beta}.
 */
public enum LrnMode {
    /** Torch {@code SpatialCrossMapLRN(5, 1e-4, 0.75)}: what nn4.small2.v1 was trained with. The default. */
    TORCH(5, 1e-4f, 0.75f, 1f),
    /** Keras-OpenFace's {@code tf.nn.lrn(alpha=1e-4, beta=0.75)}: depth radius 5 means 11 channels, so alpha/n = 1e-4. */
    KERAS(11, 1.1e-3f, 0.75f, 1f);

    public final int size;
    public final float alpha;
    public final float beta;
    public final float k;

    LrnMode(int size, float alpha, float beta, float k) {
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    public static LrnMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown LRN mode '" + s + "' (use torch or keras)", e);
        }
    }
}
