package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import oneshot.data.PkSampler;
import org.junit.jupiter.api.Test;

/**
 * Gradient sanity: a tiny DJL Linear embedding (16 -> 8, then L2-normalised), trained by {@link TripletStep} on
 * Gaussian clusters, must lower the triplet loss of the whole toy set; a batch of one person must take no step.
 */
class TripletStepToyTrainingTest {
    private static final int CLASSES = 6;
    private static final int PER_CLASS = 8;
    private static final int DIM = 16;

    private static float[][] toyData(Random rnd, int[] labels) {
        float[][] centers = new float[CLASSES][DIM];
        for (float[] c : centers) {
            for (int j = 0; j < DIM; j++) {
                c[j] = (float) rnd.nextGaussian();
            }
        }
        float[][] x = new float[CLASSES * PER_CLASS][DIM];
        for (int i = 0; i < x.length; i++) {
            labels[i] = i / PER_CLASS;
            for (int j = 0; j < DIM; j++) {
                x[i][j] = centers[labels[i]][j] + 0.7f * (float) rnd.nextGaussian();
            }
        }
        return x;
    }

    private static Model toyModel() {
        Model model = Model.newInstance("toy");
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(8).build())
                .add(list -> new NDList(list.singletonOrThrow().normalize(2, 1, 1e-10)));
        model.setBlock(block);
        return model;
    }

    private static Trainer trainer(Model model) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(new UnusedDjlLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(new Shape(1, DIM));
        return trainer;
    }

    private static float wholeSetLoss(Trainer trainer, NDManager m, float[][] x, int[] labels) {
        NDArray emb = trainer.evaluate(new NDList(m.create(x))).singletonOrThrow();
        NDArray d = TripletLoss.squaredDistances(emb);
        Triplets all = new BatchAllMiner().mine(PairwiseDistances.of(d), labels);
        return new TripletLoss().compute(d, all).stats().loss();
    }

    @Test
    void lossFallsOnAToyProblem() {
        Engine.getInstance().setRandomSeed(42);
        int[] labels = new int[CLASSES * PER_CLASS];
        float[][] x = toyData(new Random(3), labels);
        try (Model model = toyModel(); Trainer trainer = trainer(model); NDManager m = NDManager.newBaseManager()) {
            float before = wholeSetLoss(trainer, m, x, labels);
            TripletStep step = new TripletStep(new BatchHardMiner(), new TripletLoss());
            PkSampler sampler = new PkSampler(labels, 4, 4, 5);
            List<TripletStats> log = new ArrayList<>();
            for (int epoch = 0; epoch < 40; epoch++) {
                for (int[] batch : sampler.batches(epoch)) {
                    float[][] bx = new float[batch.length][];
                    int[] bl = new int[batch.length];
                    for (int i = 0; i < batch.length; i++) {
                        bx[i] = x[batch[i]];
                        bl[i] = labels[batch[i]];
                    }
                    try (NDManager sub = m.newSubManager()) {
                        log.add(step.run(trainer, new NDList(sub.create(bx)), bl));
                    }
                }
            }
            float after = wholeSetLoss(trainer, m, x, labels);
            assertTrue(before > 0.05f, "toy problem must start with a real loss, got " + before);
            assertTrue(after < 0.5f * before, "loss " + before + " -> " + after);
            // The step's stats are finite numbers from the trained loss, with d(a,n) growing past d(a,p).
            TripletStats last = log.get(log.size() - 1);
            assertTrue(Float.isFinite(last.meanPositive()) && Float.isFinite(last.meanNegative()));
        }
    }

    @Test
    void aBatchWithoutValidTripletTakesNoStepAndSaysSo() {
        Engine.getInstance().setRandomSeed(1);
        try (Model model = toyModel(); Trainer trainer = trainer(model); NDManager m = NDManager.newBaseManager()) {
            float[] before = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            float[][] x = new float[4][DIM];
            for (int i = 0; i < 4; i++) {
                x[i][i] = 1;
            }
            TripletStats s = new TripletStep(new SemiHardMiner(0.2f), new TripletLoss())
                    .run(trainer, new NDList(m.create(x)), new int[] {3, 3, 3, 3});
            assertTrue(s.noValidTriplet());
            assertEquals(12, s.candidatePairs());
            float[] after = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            assertArrayEquals(before, after);
        }
    }
}
