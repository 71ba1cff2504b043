package oneshot.concurrent;


import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Work handed to an idle thread that the offering thread takes back unless that thread has already started it.
 *
 * <p>Whoever claims the work first runs it; the other either skips it (the lent copy) or waits for it (the offerer).
 * {@code Future.cancel} cannot do this: it also succeeds on a task that is already running, which then keeps using
 * arrays the offerer is about to free.
 */
public final class LentWork<T> {
    private final Supplier<T> work;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile boolean ranElsewhere;
    private Future<T> lent;

    private LentWork(Supplier<T> work) {
        this.work = work;
    }

    /** Offers {@code work} to {@code helper}; {@code null} when no thread is idle (run it yourself). */
    public static <T> LentWork<T> offer(BranchHelper helper, Supplier<T> work) {
        LentWork<T> w = offerOrKeep(helper, work);
        return w.lent == null ? null : w;
    }

    /**
     * Offers {@code work} to {@code helper} (may be null) and never returns null: when no thread took it, {@link #join}
     * computes it in the joining thread, so a caller that does the same either way needs no second path.
     */
    public static <T> LentWork<T> offerOrKeep(BranchHelper helper, Supplier<T> work) {
        LentWork<T> w = new LentWork<>(work);
        if (helper != null) {
            w.lent = helper.offer(() -> {
                if (!w.claimed.compareAndSet(false, true)) {
                    return null;
                }
                w.ranElsewhere = true;
                return w.work.get();
            });
        }
        return w;
    }

    /** The result: computed here if the helper has not started it, else the helper's, once it is done. */
    public T join() {
        if (claimed.compareAndSet(false, true)) {
            return work.get();
        }
        return Futures.getUninterruptibly(lent);
    }

    /** Whether the helper ran it (after {@link #join}). */
    boolean ranElsewhere() {
        return ranElsewhere;
    }
}
