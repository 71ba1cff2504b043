package oneshot.concurrent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lent work runs exactly once, and never still runs after the offerer has its result. */
class LentWorkTest {

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void workNobodyStartedIsTakenBackAndTheLateLentCopySkipsIt() throws Exception {
        List<FutureTask<?>> parked = new ArrayList<>();
        BranchHelper neverRuns = new BranchHelper() {
            @Override
            public <T> Future<T> offer(Callable<T> task) {
                FutureTask<T> f = new FutureTask<>(task);
                parked.add(f);
                return f;
            }
        };
        AtomicInteger runs = new AtomicInteger();
        LentWork<String> w = LentWork.offer(neverRuns, () -> {
            runs.incrementAndGet();
            return "here";
        });
        assertEquals("here", w.join());
        parked.get(0).run(); // the helper gets to it late
        assertEquals(1, runs.get(), "the work ran twice");
    }

    @Test
    void noIdleThreadMeansNothingIsLent() {
        BranchHelper busy = OtherThreadHelper.NEVER_IDLE;
        assertNull(LentWork.offer(busy, () -> "x"));
    }

    @Test
    void underRacesEachWorkRunsOnceAndHasFinishedWhenJoinReturns() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        BranchHelper helper = new BranchHelper() {
            @Override
            public <T> Future<T> offer(Callable<T> task) {
                return pool.submit(task);
            }
        };
        try {
            java.util.Random random = new java.util.Random(7);
            int lentCopiesRun = 0;
            for (int i = 0; i < 5_000; i++) {
                AtomicInteger runs = new AtomicInteger();
                AtomicInteger running = new AtomicInteger();
                LentWork<Integer> w = LentWork.offer(helper, () -> {
                    running.incrementAndGet();
                    runs.incrementAndGet();
                    spin(20_000);
                    running.decrementAndGet();
                    return 7;
                });
                // the offerer's own branch: sometimes shorter, sometimes longer than the hand-off to the other thread
                spin(random.nextInt(100_000));
                assertEquals(7, w.join());
                assertEquals(0, running.get(), "round " + i + ": the lent copy is still running after join");
                assertEquals(1, runs.get(), "round " + i + ": the work ran " + runs.get() + " times");
                lentCopiesRun += w.ranElsewhere() ? 1 : 0;
            }
            // both paths were exercised, else this test proves nothing about the race
            assertTrue(lentCopiesRun > 100 && lentCopiesRun < 4_900, "lent copies run: " + lentCopiesRun);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void offerOrKeepWithoutAnIdleThreadComputesInTheJoiningThread() {
        AtomicInteger runs = new AtomicInteger();
        Thread caller = Thread.currentThread();
        LentWork<Thread> none = LentWork.offerOrKeep(null, () -> {
            runs.incrementAndGet();
            return Thread.currentThread();
        });
        BranchHelper busy = new BranchHelper() {
            @Override
            public <T> Future<T> offer(Callable<T> task) {
                return null;
            }
        };
        LentWork<Thread> refused = LentWork.offerOrKeep(busy, () -> {
            runs.incrementAndGet();
            return Thread.currentThread();
        });
        assertEquals(caller, none.join());
        assertEquals(caller, refused.join());
        assertEquals(2, runs.get());
        assertNull(LentWork.offer(busy, () -> 1), "offer still says no thread took it");
    }
}
