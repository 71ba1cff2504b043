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
 *
 * <p>libtorch also prints "AutoNonVariableTypeMode is deprecated" (a one-time c10 warning raised inside DJL's JNI when
 * parameters are set) on every run: noise for users, not something they can act on. c10 takes its log threshold from
 * {@code TORCH_CPP_LOG_LEVEL} only when {@code c10::initLogging()} runs, which PyTorch's Python module does and libtorch
 * alone does not: so the variable is set to {@code ERROR} here (unless the user set it; {@code WARNING} brings the line
 * back) and {@link #loadEngine()} calls {@code initLogging} once the native library is loaded.
 * Also forces DJL offline.
 */
public final class EngineDefaults {
    private static volatile boolean applied;

    private EngineDefaults() {}

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static volatile boolean engineLoaded;

    /**
     * Loads the PyTorch engine with these defaults and c10's log level applied: call it before building a model
     * (setting parameters is what raises the deprecation warning).
     */
    public static synchronized void loadEngine() {
        apply();
        if (engineLoaded) {
            return;
        }
        engineLoaded = true;
        ai.djl.engine.Engine.getEngine("PyTorch");
        try { // libc10 is already loaded by DJL: dlopen by its name returns that copy
            com.sun.jna.NativeLibrary.getInstance("c10").getFunction("_ZN3c1011initLoggingEv").invokeVoid(new Object[0]);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // another libtorch build: its warnings stay visible, nothing else changes
        }
    }

    public static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        LibC c;
        try {
            c = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return; // not glibc-like: the engine still works, only less politely on a busy machine (and with its warning)
        }
        if (System.getenv("TORCH_CPP_LOG_LEVEL") == null) {
            c.setenv("TORCH_CPP_LOG_LEVEL", "ERROR", 0);
        }
        if (System.getenv("OMP_WAIT_POLICY") == null && System.getenv("GOMP_SPINCOUNT") == null) {
            boolean spin = "spin".equalsIgnoreCase(System.getProperty("oneshot.threads.wait", "passive"));
            try {
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
