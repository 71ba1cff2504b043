package oneshot.net;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/** Lends an idle thread to an inference forward pass, so independent inception branches can run side by side. */
public interface BranchHelper {
    /** Starts {@code task} on an idle thread and returns its future, or {@code null} when no thread is idle. */
    <T> Future<T> offer(Callable<T> task);
}
