package oneshot.net;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that run Torch ops with one intra-op thread each and grad mode off: the process's inference workers and the
 * server's face workers. On 2 cores, Torch's own 2 threads per caller wake each other for every small op (MTCNN's are
 * tiny): a one-face request took 54 instead of 42 ms (docs/server.md).
 *
 * <p>Torch keeps the thread count per thread (OpenMP) but also as a process-wide value that threads read the first time
 * they run an op. Each new thread first settles its own count, then sets 1; {@link #awaitStarted} then puts the
 * process-wide value back, so threads started later keep the engine's default. Prestart the pool's threads, then call it.
 */
public final class SingleTorchThreadFactory implements ThreadFactory {
    private static final ThreadLocal<Boolean> SINGLE = ThreadLocal.withInitial(() -> false);

    private final String name;
    private final int callerThreads;
    private final CountDownLatch ready;
    private final AtomicInteger made = new AtomicInteger();

    /** A factory for a pool that prestarts {@code threads} threads named {@code name-1}, {@code name-2}, ... */
    public SingleTorchThreadFactory(String name, int threads) {
        EngineDefaults.loadEngine();
        this.name = name;
        this.callerThreads = JniUtils.getNumThreads();
        this.ready = new CountDownLatch(threads);
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(() -> {
            JniUtils.getNumThreads(); // settles this thread's count before it is changed
            JniUtils.setNumThreads(1);
            JniUtils.setGradMode(false);
            SINGLE.set(true);
            ready.countDown();
            r.run();
        }, name + "-" + made.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    /** Whether the calling thread was made by such a factory (it runs Torch ops with one thread, grad mode off). */
    public static boolean currentThreadIsSingleTorch() {
        return SINGLE.get();
    }

    /** Waits until the prestarted threads have set their count, then restores the process-wide value. */
    public void awaitStarted() {
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JniUtils.setNumThreads(callerThreads);
    }
}
