package oneshot.train;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills the missing rows of a {@link FeatureCache} chunk by chunk, resumable (each chunk is appended, forced to disk,
 * as it is done), with a progress line every 10 s. While a chunk is computed, the next one's inputs are prepared
 * (image decoding, warps) and the previous one is written on two other threads, so the inference workers wait for
 * neither (docs/training.md).
 */
final class CacheFill {
    /** The inputs of rows {@code [first, first + n)}. */
    interface Prepare<T> {
        T inputs(int first, int n) throws IOException;
    }

    /** The rows' values, {@code n} rows of the cache's row size, flat. */
    interface Compute<T> {
        float[] rows(T inputs, int n);
    }

    private CacheFill() {}

    static <T> void fill(FeatureCache cache, int chunk, String what, Prepare<T> prepare, Compute<T> compute)
            throws IOException {
        long t0 = System.nanoTime();
        int rows = cache.rows();
        int startDone = cache.done();
        long lastLog = 0;
        ExecutorService decoder = Executors.newSingleThreadExecutor(daemon("cache-inputs"));
        ExecutorService writer = Executors.newSingleThreadExecutor(daemon("cache-writer"));
        try {
            Future<T> next = decoder.submit(() -> prepare.inputs(startDone, Math.min(chunk, rows - startDone)));
            Future<?> written = null;
            int computed = startDone;
            while (computed < rows) {
                int first = computed;
                int n = Math.min(chunk, rows - first);
                T inputs = get(next);
                if (first + n < rows) {
                    next = decoder.submit(() -> prepare.inputs(first + n, Math.min(chunk, rows - first - n)));
                }
                float[] values = compute.rows(inputs, n);
                computed += n;
                if (written != null) {
                    get(written); // in row order, one chunk in flight: a crash leaves a shorter, complete cache
                }
                written = writer.submit(() -> {
                    cache.append(values, n);
                    return null;
                });
                long now = System.nanoTime();
                if (now - lastLog > 10_000_000_000L || computed == rows) {
                    lastLog = now;
                    double rate = (computed - startDone) / ((now - t0) / 1e9);
                    Progress.say("  %s %s/%s (%s rows/s, about %s s left)", what, computed, rows,
                            String.format("%.1f", rate), Math.round((rows - computed) / Math.max(rate, 1e-9)));
                }
            }
            if (written != null) {
                get(written);
            }
        } finally {
            decoder.shutdownNow();
            writer.shutdown();
            try {
                // an append already under way finishes (its rows then count), none is cut in half
                writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static <T> T get(Future<T> f) throws IOException {
        return oneshot.concurrent.Futures.getIo(f);
    }
}
