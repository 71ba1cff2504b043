package oneshot.net;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/** Lends an idle thread to an inference forward pass, so independent inception branches can run side by side. */
public interface BranchHelper {
    /** Starts {@code task} on an idle thread and returns its future, or {@code null} when no thread is idle. */
    <T> Future<T> offer(Callable<T> task);

    /**
     * Computes a conv's output channels in two halves, the second on an idle thread, and concatenates them; {@code null}
     * when no thread is idle (compute it whole). {@code half.apply(i)} computes half {@code i} (0 or 1).
     */
    static ai.djl.ndarray.NDArray inHalves(BranchHelper helper,
            java.util.function.IntFunction<ai.djl.ndarray.NDArray> half) {
        LentWork<ai.djl.ndarray.NDArray> rest = LentWork.offer(helper, () -> half.apply(1));
        return rest == null ? null : half.apply(0).concat(rest.join(), 1);
    }
}
