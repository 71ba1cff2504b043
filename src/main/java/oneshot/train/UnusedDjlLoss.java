package oneshot.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The {@code Loss} a DJL {@code TrainingConfig} insists on, which must never run: the triplet loss is computed once
 * per step by {@link TripletStep}. If anything (a metrics listener) calls it, that is a bug worth an exception,
 * because it would log a re-evaluated value instead of the trained one.
 */
public final class UnusedDjlLoss extends Loss {
    public UnusedDjlLoss() {
        super("triplet");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        throw new IllegalStateException("DJL's Loss path is not used for triplet training: TripletStep computes and"
                + " logs the back-propagated loss itself (DJL's updateAccumulators would evaluate it a second time)");
    }
}
