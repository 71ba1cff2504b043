package oneshot.detect;

/**
 * Defaults PyTorch to one intra-op thread unless the user chose otherwise: several workers each with one thread
 * survive a busy machine, where 2 spinning OpenMP threads per worker collapse (docs/field-notes: ~90 to ~1 img/s).
 * Must run before the DJL engine starts.
 */
public final class EngineThreads {
    private EngineThreads() {}

    public static void defaultToOne() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        oneshot.net.EngineDefaults.apply();
    }
}
