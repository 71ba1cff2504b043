package oneshot.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Splits a scan over blocks of rows between search threads, each keeping its own {@link TopK}, and merges them. */
final class ParallelBlocks implements AutoCloseable {
    /** Offers the rows of blocks [fromBlock, toBlock) to {@code top}. */
    interface Scanner {
        void scan(int fromBlock, int toBlock, TopK top);
    }

    private final int threads;
    private final ExecutorService pool;

    ParallelBlocks(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "gallery-search");
            t.setDaemon(true);
            return t;
        });
    }

    /** The {@code k} best rows over {@code blocks} blocks. */
    TopK top(int blocks, int k, Scanner scanner) {
        TopK merged = new TopK(k);
        if (pool == null || blocks < 2 * threads) {
            scanner.scan(0, blocks, merged);
            return merged;
        }
        List<Future<TopK>> parts = new ArrayList<>(threads);
        int chunk = (blocks + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int from = t * chunk;
            int to = Math.min(blocks, from + chunk);
            parts.add(pool.submit(() -> {
                TopK part = new TopK(k);
                scanner.scan(from, to, part);
                return part;
            }));
        }
        try {
            for (Future<TopK> f : parts) {
                merged.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GalleryException("search interrupted", e);
        } catch (ExecutionException e) {
            throw new GalleryException("search failed: " + e.getCause(), e.getCause());
        }
        return merged;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
