package oneshot.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The face work of every request (decode, detect, embed, search) runs here: a fixed number of workers (the cores, by
 * default) and a bounded queue in front of them. A full queue is answered at once with 503 and {@code Retry-After}
 * instead of piling up threads and memory; a job that waits and runs longer than the request time limit is answered
 * 504 and cancelled if it has not started.
 */
final class WorkQueue implements AutoCloseable {
    private final ThreadPoolExecutor pool;
    private final Duration timeout;
    private final int capacity;

    WorkQueue(int workers, int capacity, Duration timeout) {
        if (workers < 1 || capacity < 0) {
            throw new IllegalArgumentException("workers must be >= 1 and queue >= 0: " + workers + ", " + capacity);
        }
        // detection and landmarks run on these threads, one Torch thread each (the embedding on the inference workers)
        oneshot.net.SingleTorchThreadFactory threads = new oneshot.net.SingleTorchThreadFactory("oneshot-face-worker",
                workers);
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
                capacity == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity),
                threads, new ThreadPoolExecutor.AbortPolicy());
        this.pool.prestartAllCoreThreads();
        threads.awaitStarted();
        this.timeout = timeout;
        this.capacity = capacity;
    }

    /** Runs a read-only {@code job} on a worker and waits for it, within the request time limit. */
    <T> T run(Callable<T> job) throws Exception {
        return run(job, false);
    }

    /**
     * Runs a {@code job} that changes the gallery: the time limit applies while it waits for a worker (then it never
     * runs: 504, nothing stored); once started it finishes and its real answer is sent, so a client is never told
     * "timeout" about an enrolment that was stored.
     */
    <T> T runWrite(Callable<T> job) throws Exception {
        return run(job, true);
    }

    private <T> T run(Callable<T> job, boolean finishOnceStarted) throws Exception {
        // Whoever claims first decides: the worker (it runs) or the caller giving up (it never runs). Future.cancel
        // cannot tell the two apart: it also succeeds on a task that is running.
        AtomicBoolean claimed = new AtomicBoolean();
        Future<T> f;
        try {
            f = pool.submit(() -> claimed.compareAndSet(false, true) ? job.call() : null);
        } catch (RejectedExecutionException e) {
            throw new ApiException(503, "overloaded", "The server is busy: all " + pool.getMaximumPoolSize()
                    + " workers and the " + capacity + " queue places are taken. Try again shortly.",
                    Map.of("Retry-After", "1"));
        }
        try {
            try {
                return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                boolean neverStarted = claimed.compareAndSet(false, true);
                if (neverStarted || !finishOnceStarted) {
                    f.cancel(false); // a running inference cannot be interrupted safely; a waiting one never starts
                    throw new ApiException(504, "timeout", "The request took longer than this server's limit of "
                            + timeout.toSeconds() + " s (Serve --request-timeout-s) and was abandoned"
                            + (neverStarted ? " before it started: nothing was changed" : ""));
                }
                return f.get(); // a started change finishes: its answer says what was stored
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (CancellationException e) {
            throw new ApiException(503, "overloaded", "The request was cancelled while the server shut down",
                    Map.of("Retry-After", "1"));
        }
    }

    /** Jobs waiting for a worker, for /health. */
    int waiting() {
        return pool.getQueue().size();
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
