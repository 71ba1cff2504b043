package oneshot.detect;

/**
 * Defaults PyTorch to one intra-op thread unless the user chose otherwise: several workers each with one thread
 * survive a busy machine, where 2 spinning OpenMP threads per worker collapse (docs/field-notes: ~90 to ~1 img/s).
 * Must run before the DJL engine starts.
 */
public final class EngineThreads {
    private static volatile boolean defaulted;

    private EngineThreads() {}

    public static void defaultToOne() {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            defaulted = true;
        }
        oneshot.net.EngineDefaults.apply();
    }

    /**
     * Gives PyTorch every core again after a multi-worker phase set the one-thread default, for a single-threaded
     * caller that follows in the same JVM (Train after aligning LFW: the prefix cache ran at 58 instead of 108 img/s
     * on one thread, measured on the 2-core machine). A thread count the user chose stays.
     */
    public static void allCoresAgain() {
        if (defaulted) {
            oneshot.net.EngineDefaults.loadEngine();
            ai.djl.pytorch.jni.JniUtils.setNumThreads(Runtime.getRuntime().availableProcessors());
            System.clearProperty("ai.djl.pytorch.num_threads");
            defaulted = false;
        }
    }
}
