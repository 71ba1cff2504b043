package oneshot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import oneshot.io.Progress;

/**
 * The folder commands' loop: one task per image on a fixed number of threads (the facade is thread-safe), each result
 * handed to the calling thread as soon as it is ready, so writing (a CSV row, a gallery enrolment) stays on one thread and
 * happens image by image: a killed run keeps everything finished before it. At most two tasks per thread are in flight,
 * so a large folder holds few results in memory. A progress bar on stderr counts finished images.
 */
final class ParallelImages {
    /** The per-image work (runs on a pool thread); per-image problems belong in its result, not in an exception. */
    interface Work<R> {
        R apply(Path image) throws Exception;
    }

    /** What to do with a finished image's result (runs on the calling thread, in completion order). */
    interface Sink<R> {
        void accept(Path image, R result) throws IOException;
    }

    private ParallelImages() {}

    /** The images under a folder command's --folder, in path order; a usage error when it is no folder or holds none. */
    static List<Path> imagesIn(Path folder, String hint) throws IOException {
        if (!java.nio.file.Files.isDirectory(folder)) {
            throw new oneshot.UsageException("--folder " + folder + " is not a folder");
        }
        List<Path> files = oneshot.embed.ImageFiles.list(folder);
        if (files.isEmpty()) {
            throw new oneshot.UsageException("--folder " + folder + " holds no images" + hint);
        }
        return files;
    }

    /** The --threads of a folder command: given (at least 1, else a usage error) or one per core. */
    static int threads(Integer option) {
        if (option == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (option < 1) {
            throw new oneshot.UsageException("--threads must be at least 1, got " + option);
        }
        return option;
    }

    static <R> void run(List<Path> images, int threads, String label, Work<R> work, Sink<R> sink) throws IOException {
        if (images.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, label + "-worker");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Done<R>> done = new ExecutorCompletionService<>(pool);
        Progress progress = new Progress(label, images.size());
        int window = 2 * threads;
        int submitted = 0;
        try {
            for (; submitted < Math.min(window, images.size()); submitted++) {
                submit(done, images.get(submitted), work);
            }
            for (int finished = 0; finished < images.size(); finished++) {
                Done<R> d = take(done);
                if (submitted < images.size()) {
                    submit(done, images.get(submitted++), work);
                }
                sink.accept(d.image(), d.result());
                progress.step(1);
            }
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }

    private record Done<R>(Path image, R result) {}

    private static <R> void submit(CompletionService<Done<R>> done, Path image, Work<R> work) {
        done.submit(() -> new Done<>(image, work.apply(image)));
    }

    private static <R> Done<R> take(CompletionService<Done<R>> done) throws IOException {
        Future<Done<R>> f;
        try {
            f = done.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return oneshot.concurrent.Futures.getIo(f);
    }

}
