package oneshot.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * Lends an idle thread to work that can run beside the caller's: an inference pass's parallel branches or conv halves
 * ({@code oneshot.embed}), MTCNN's pyramid levels ({@code oneshot.detect}). Use it through {@link LentWork}.
 */
public interface BranchHelper {
    /** Starts {@code task} on an idle thread and returns its future, or {@code null} when no thread is idle. */
    <T> Future<T> offer(Callable<T> task);
}
