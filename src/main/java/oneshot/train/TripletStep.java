package oneshot.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.function.Function;

/**
 * One optimisation step: embed the batch, mine, compute the triplet loss once (and, with a teacher, the distillation
 * loss), back-propagate that value and return its stats. A batch with nothing to learn from takes no optimiser step
 * and says so.
 *
 * <p>The miner decides on the student's current distances, or, with {@link #mineOnTeacher}, on the teacher's: hard
 * positives and negatives are then those the teacher finds hard, while the loss still acts on the student's distances.
 */
public final class TripletStep {
    private final TripletMiner miner;
    private final TripletLoss loss;
    private final float tripletWeight;
    private final DistanceDistillation distillation;
    private final float distillWeight;
    private final boolean mineOnTeacher;
    private final EmbeddingMatching matching;
    private final float matchWeight;

    public TripletStep(TripletMiner miner, TripletLoss loss) {
        this(miner, loss, 1f, null, 0f, false);
    }

    /** Without embedding matching. */
    public TripletStep(TripletMiner miner, TripletLoss loss, float tripletWeight, DistanceDistillation distillation,
                       float distillWeight, boolean mineOnTeacher) {
        this(miner, loss, tripletWeight, distillation, distillWeight, mineOnTeacher, 0f);
    }

    /**
     * @param tripletWeight weight of the triplet loss (0: distillation only)
     * @param distillation  relational distillation, or null for none
     * @param distillWeight its weight
     * @param mineOnTeacher mine on the teacher's distances instead of the student's
     * @param matchWeight   weight of {@link EmbeddingMatching} (0: off)
     */
    public TripletStep(TripletMiner miner, TripletLoss loss, float tripletWeight, DistanceDistillation distillation,
                       float distillWeight, boolean mineOnTeacher, float matchWeight) {
        if (!(tripletWeight >= 0) || !(distillWeight >= 0) || !(matchWeight >= 0)) {
            throw new IllegalArgumentException("Loss weights must be >= 0, got triplet " + tripletWeight
                    + ", distillation " + distillWeight + ", matching " + matchWeight);
        }
        this.matchWeight = matchWeight;
        this.matching = matchWeight > 0 ? new EmbeddingMatching() : null;
        this.miner = miner;
        this.loss = loss;
        this.tripletWeight = tripletWeight;
        this.distillation = distillation;
        this.distillWeight = distillWeight;
        this.mineOnTeacher = mineOnTeacher;
    }

    public TripletMiner miner() { return miner; }

    public TripletLoss loss() { return loss; }

    /** True when this step needs teacher distances for the batch. */
    public boolean needsTeacher() {
        return mineOnTeacher || distillation != null || matching != null;
    }

    /** Step using the trainer's own forward pass, no teacher. */
    public TripletStats run(Trainer trainer, NDList inputs, int[] labels) {
        return run(trainer, in -> trainer.forward(in).singletonOrThrow(), inputs, labels, (TeacherBatch) null).triplet();
    }

    /** Step with a custom forward, no teacher. */
    public TripletStats run(Trainer trainer, Function<NDList, NDArray> forward, NDList inputs, int[] labels) {
        return run(trainer, forward, inputs, labels, (TeacherBatch) null).triplet();
    }

    /** Step using the trainer's own forward pass; {@code teacher} holds the teacher's distances between the batch items. */
    public StepStats run(Trainer trainer, NDList inputs, int[] labels, PairwiseDistances teacher) {
        return run(trainer, in -> trainer.forward(in).singletonOrThrow(), inputs, labels,
                teacher == null ? null : TeacherBatch.ofDistances(teacher));
    }

    /** Step using the trainer's own forward pass, with the teacher's embeddings of the batch. */
    public StepStats run(Trainer trainer, NDList inputs, int[] labels, TeacherBatch teacher) {
        return run(trainer, in -> trainer.forward(in).singletonOrThrow(), inputs, labels, teacher);
    }

    /** Step with a custom forward and the teacher's distances only. */
    public StepStats run(Trainer trainer, Function<NDList, NDArray> forward, NDList inputs, int[] labels,
                         PairwiseDistances teacher) {
        return run(trainer, forward, inputs, labels, teacher == null ? null : TeacherBatch.ofDistances(teacher));
    }

    /**
     * Step with a custom forward (e.g. one that keeps frozen BatchNorm in inference mode); it must run inside the
     * gradient collection this method opens, and return N x D embeddings.
     */
    public StepStats run(Trainer trainer, Function<NDList, NDArray> forward, NDList inputs, int[] labels,
                         TeacherBatch teacherBatch) {
        if (needsTeacher() && teacherBatch == null) {
            throw new IllegalArgumentException("This step distils or mines on the teacher but got no teacher distances");
        }
        if (matching != null && teacherBatch.embeddings() == null) {
            throw new IllegalArgumentException("Embedding matching needs the teacher's embeddings, got distances only");
        }
        PairwiseDistances teacher = teacherBatch == null ? null : teacherBatch.distances();
        if (teacher != null && teacher.size() != labels.length) {
            throw new IllegalArgumentException("Teacher distances for " + teacher.size() + " items, batch of "
                    + labels.length);
        }
        StepStats stats;
        boolean learn;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray embeddings = forward.apply(inputs);
            if (embeddings.getShape().get(0) != labels.length) {
                throw new IllegalArgumentException("Forward gave " + embeddings.getShape().get(0) + " embeddings for "
                        + labels.length + " labels");
            }
            NDArray distances = TripletLoss.squaredDistances(embeddings);
            PairwiseDistances student = PairwiseDistances.of(distances);
            Triplets triplets = miner.mine(mineOnTeacher ? teacher : student, labels);
            TripletLoss.Result tr = tripletWeight > 0 ? loss.compute(distances, triplets)
                    : new TripletLoss.Result(null, TripletStats.noValidTriplet(triplets.candidatePairs()));
            DistanceDistillation.Result dr = distillation != null ? distillation.compute(distances, teacher) : null;
            NDArray total = null;
            if (tr.hasLoss()) {
                total = tripletWeight == 1f ? tr.loss() : tr.loss().mul(tripletWeight);
            }
            if (dr != null && dr.hasLoss() && distillWeight > 0) {
                NDArray d = dr.loss().mul(distillWeight);
                total = total == null ? d : total.add(d);
            }
            EmbeddingMatching.Result mr = matching != null ? matching.compute(embeddings, teacherBatch.embeddings()) : null;
            if (mr != null && mr.hasLoss()) {
                NDArray d = mr.loss().mul(matchWeight);
                total = total == null ? d : total.add(d);
            }
            // Triplets that all satisfy the margin carry no gradient: stepping would only let Adam's momentum move
            // weights. Distillation and matching always carry one.
            boolean tripletGradient = tr.hasLoss() && tr.stats().activeFraction() > 0;
            boolean distillGradient = dr != null && dr.hasLoss() && distillWeight > 0;
            boolean matchGradient = mr != null && mr.hasLoss();
            learn = total != null && (tripletGradient || distillGradient || matchGradient);
            float correlation = teacher == null ? Float.NaN
                    : dr != null ? dr.correlation() : teacherCorrelation(student, teacher);
            stats = new StepStats(tr.stats(), dr == null ? Float.NaN : dr.value(), dr == null ? 0 : dr.pairs(),
                    correlation, mr == null ? Float.NaN : mr.value(), total == null ? Float.NaN : total.getFloat(), learn);
            if (learn) {
                collector.backward(total);
            }
        }
        if (learn) {
            trainer.step();
        }
        return stats;
    }

    private static float teacherCorrelation(PairwiseDistances s, PairwiseDistances t) {
        int n = s.size();
        float[] a = new float[n * (n - 1) / 2];
        float[] b = new float[a.length];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                a[k] = s.get(i, j);
                b[k++] = t.get(i, j);
            }
        }
        return a.length == 0 ? Float.NaN : DistanceDistillation.correlation(a, b);
    }
}
