package oneshot.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.function.Function;

/**
 * One optimisation step: embed the batch, mine on the current distances, compute the triplet loss once, back-propagate
 * that value and return its stats. A batch without a valid triplet takes no optimiser step and says so.
 */
public final class TripletStep {
    private final TripletMiner miner;
    private final TripletLoss loss;

    public TripletStep(TripletMiner miner, TripletLoss loss) {
        this.miner = miner;
        this.loss = loss;
    }

    public TripletMiner miner() { return miner; }

    public TripletLoss loss() { return loss; }

    /** Step using the trainer's own forward pass. */
    public TripletStats run(Trainer trainer, NDList inputs, int[] labels) {
        return run(trainer, in -> trainer.forward(in).singletonOrThrow(), inputs, labels);
    }

    /**
     * Step with a custom forward (e.g. one that keeps frozen BatchNorm in inference mode); it must run inside the
     * gradient collection this method opens, and return N x D embeddings.
     */
    public TripletStats run(Trainer trainer, Function<NDList, NDArray> forward, NDList inputs, int[] labels) {
        TripletStats stats;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray embeddings = forward.apply(inputs);
            if (embeddings.getShape().get(0) != labels.length) {
                throw new IllegalArgumentException("Forward gave " + embeddings.getShape().get(0) + " embeddings for "
                        + labels.length + " labels");
            }
            NDArray distances = TripletLoss.squaredDistances(embeddings);
            Triplets triplets = miner.mine(PairwiseDistances.of(distances), labels);
            TripletLoss.Result result = loss.compute(distances, triplets);
            stats = result.stats();
            if (result.hasLoss()) {
                collector.backward(result.loss());
            }
        }
        // Triplets that all satisfy the margin carry no gradient: stepping would only let Adam's momentum move weights.
        if (!stats.noValidTriplet() && stats.activeFraction() > 0) {
            trainer.step();
        }
        return stats;
    }
}
