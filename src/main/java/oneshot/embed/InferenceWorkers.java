package oneshot.embed;

import oneshot.concurrent.BranchHelper;

import oneshot.concurrent.Futures;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The process's inference threads: one per core, each running Torch single-threaded with grad mode off.
 *
 * <p>Why not Torch's own intra-op threads: on 2 cores they must wake each other for every one of the ~150 ops of a
 * forward pass. Sleeping waits made batch 1 take 10-21 ms; spinning waits collapse as soon as another process holds a
 * core (docs/benchmarks.md). Whole chunks of a batch on single-threaded workers never wait for each other inside a
 * forward pass, and a worker slowed by a busy core just takes fewer chunks.
 *
 * <p>Torch keeps the thread count per thread (OpenMP) but also as a process-wide value that threads read the first time
 * they run an op. Each worker first settles its own count, then sets 1; the creating thread then puts the process-wide
 * value back, so threads started later keep the engine's default.
 */
final class InferenceWorkers {
    /** {@code -Doneshot.embed.workers=N} overrides the default of one worker per core. */
    static final String WORKERS_PROPERTY = "oneshot.embed.workers";

    private static volatile ThreadPoolExecutor pool;

    /**
     * Lends an idle worker to a forward pass ({@link LendingView}: inception branches, halves of the largest convs): a
     * single face then uses both cores (branches alone measured 8.3 -> 5.7-7.0 ms, docs/benchmarks.md). When every
     * worker is busy (a large batch, other callers) nothing is lent, and a lent task not yet started is taken back by
     * the caller, so nothing ever waits on a queue.
     */
    static final BranchHelper BRANCH_HELPER = new BranchHelper() {
        @Override
        public <T> Future<T> offer(Callable<T> task) {
            ThreadPoolExecutor p = pool();
            if (p.getActiveCount() >= p.getCorePoolSize() || !p.getQueue().isEmpty()) {
                return null;
            }
            return p.submit(task);
        }
    };

    private InferenceWorkers() {}

    static int count() {
        String p = System.getProperty(WORKERS_PROPERTY);
        if (p == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(p.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + WORKERS_PROPERTY + " must be a whole number >= 1, got '" + p + "'");
    }

    /** The shared pool, started on first use (the engine must be loaded: a model exists by then). */
    static ThreadPoolExecutor pool() {
        ThreadPoolExecutor p = pool;
        if (p != null) {
            return p;
        }
        synchronized (InferenceWorkers.class) {
            if (pool == null) {
                pool = start(count());
            }
            return pool;
        }
    }

    /** One forward pass over items {@code [from, from + n)} of a batch, in the calling thread. */
    interface Chunk<T> {
        T run(int from, int n);
    }

    /**
     * Runs {@code chunk} over {@code [0, n)} cut into pieces of at most {@code maxChunk} that the workers share, and
     * returns the pieces' results in order. One piece asked by a thread that runs Torch single-threaded already (a
     * server's face worker) runs in that thread instead of being handed over and waited for.
     */
    static <T> List<T> inChunks(int n, int maxChunk, Chunk<T> chunk) {
        ThreadPoolExecutor workers = pool();
        int size = Math.min(maxChunk, Math.max(1, (n + workers.getCorePoolSize() - 1) / workers.getCorePoolSize()));
        if (n <= size && oneshot.net.SingleTorchThreadFactory.currentThreadIsSingleTorch()) {
            return List.of(chunk.run(0, n));
        }
        List<Future<T>> parts = new ArrayList<>();
        for (int from = 0; from < n; from += size) {
            int start = from;
            int len = Math.min(size, n - from);
            parts.add(workers.submit(() -> chunk.run(start, len)));
        }
        List<T> out = new ArrayList<>(parts.size());
        for (Future<T> f : parts) {
            out.add(Futures.getUninterruptibly(f));
        }
        return out;
    }

    /** A new pool of {@code n} workers (package-private for tests; the process uses one, {@link #pool()}). */
    static ThreadPoolExecutor start(int n) {
        oneshot.net.SingleTorchThreadFactory threads = new oneshot.net.SingleTorchThreadFactory("inference-worker", n);
        ThreadPoolExecutor p = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        p.prestartAllCoreThreads();
        threads.awaitStarted();
        return p;
    }
}
