package oneshot.net;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Settings that must be in place before the PyTorch native library loads.
 *
 * <p>PyTorch's OpenMP threads spin while waiting for work. On 2 cores with another process busy on one, that spinning
 * made batch-1 inference collapse from about 90 to about 1 image/s (../shared/docs/field-notes.md); a passive wait policy
 * kept it usable. libgomp reads {@code OMP_WAIT_POLICY} from the environment once, when it loads, so it is set in this
 * process's own environment (via libc {@code setenv}) unless the user set it. Also forces DJL offline.
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
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            try {
                Native.load("c", LibC.class).setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // not glibc-like: the engine still works, only less politely on a busy machine
            }
        }
    }
}
