package oneshot.net;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Settings that must be in place before the PyTorch native library loads.
 *
 * <p>PyTorch's OpenMP threads spin while waiting for work. On 2 cores with another process busy on one, that spinning
 * made batch-1 inference collapse from about 90 to about 1 image/s (../shared/docs/field-notes.md); a passive wait policy
 * kept it usable. libgomp reads {@code OMP_WAIT_POLICY} from the environment once, when it loads, so it is set in this
 * process's own environment (via libc {@code setenv}) unless the user set it or {@code GOMP_SPINCOUNT}. On a machine
 * nothing else uses, {@code -Doneshot.threads.wait=spin} sets a short spin instead. Embedding does not depend on either:
 * it runs on single-threaded workers ({@code oneshot.embed.InferenceWorkers}); training and other multi-threaded ops do.
 * Also forces DJL offline.
 */
public final class EngineDefaults {
    private static volatile boolean applied;

    private EngineDefaults() {}

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    public static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getenv("OMP_WAIT_POLICY") == null && System.getenv("GOMP_SPINCOUNT") == null) {
            boolean spin = "spin".equalsIgnoreCase(System.getProperty("oneshot.threads.wait", "passive"));
            try {
                LibC c = Native.load("c", LibC.class);
                if (spin) {
                    // A dedicated machine: spin briefly before sleeping (measured: batch 1 7-9 ms instead of 15-21).
                    c.setenv("GOMP_SPINCOUNT", "100000", 0);
                } else {
                    c.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
                }
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // not glibc-like: the engine still works, only less politely on a busy machine
            }
        }
    }
}
