package oneshot.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helper: a {@link BranchHelper} that is always idle and runs every offered task on its own thread, counting the
 * offers and the tasks that ran. {@link #NEVER_IDLE} refuses every offer.
 */
public final class OtherThreadHelper implements BranchHelper, AutoCloseable {
    public static final BranchHelper NEVER_IDLE = new BranchHelper() {
        @Override
        public <T> Future<T> offer(Callable<T> task) {
            return null;
        }
    };

    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final AtomicInteger offers = new AtomicInteger();
    private final AtomicInteger ran = new AtomicInteger();

    @Override
    public <T> Future<T> offer(Callable<T> task) {
        offers.incrementAndGet();
        return thread.submit(() -> {
            ran.incrementAndGet();
            return task.call();
        });
    }

    public int offers() {
        return offers.get();
    }

    public int ran() {
        return ran.get();
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
