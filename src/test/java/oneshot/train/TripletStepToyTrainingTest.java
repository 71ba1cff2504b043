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

    @Test
    void teacherMiningPicksTheTeachersHardTripletsAndTheLossUsesTheStudentsDistances() {
        Engine.getInstance().setRandomSeed(2);
        int[] labels = {0, 0, 1, 1, 2};
        // Teacher: item 0's hardest negative is 4 and its farthest positive 1; a different choice from the student's.
        float[][] teacher = {
            {0, 0.9f, 1.5f, 1.6f, 0.2f},
            {0.9f, 0, 0.3f, 1.4f, 1.2f},
            {1.5f, 0.3f, 0, 0.8f, 1.1f},
            {1.6f, 1.4f, 0.8f, 0, 0.4f},
            {0.2f, 1.2f, 1.1f, 0.4f, 0},
        };
        Random rnd = new Random(8);
        float[][] x = new float[5][DIM];
        for (float[] row : x) {
            for (int j = 0; j < DIM; j++) {
                row[j] = (float) rnd.nextGaussian();
            }
        }
        try (Model model = toyModel(); Trainer trainer = trainer(model); NDManager m = NDManager.newBaseManager()) {
            NDArray emb = trainer.evaluate(new NDList(m.create(x))).singletonOrThrow();
            NDArray d = TripletLoss.squaredDistances(emb);
            Triplets byTeacher = new BatchHardMiner().mine(PairwiseDistances.ofMatrix(teacher), labels);
            assertEquals("(0,1,4)(1,0,2)(2,3,1)(3,2,4)", MinerFixture.asString(byTeacher));
            float expected = new TripletLoss().compute(d, byTeacher).stats().loss();
            float[] before = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            StepStats s = new TripletStep(new BatchHardMiner(), new TripletLoss(), 1f, null, 0f, true)
                    .run(trainer, new NDList(m.create(x)), labels, PairwiseDistances.ofMatrix(teacher));
            assertEquals(expected, s.triplet().loss(), 1e-5, "teacher's triplets, student's distances");
            assertEquals(4, s.triplet().triplets());
            assertTrue(Float.isNaN(s.distillLoss()));
            assertTrue(Float.isFinite(s.teacherCorrelation()), "correlation is logged even without distillation");
            float[] after = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            assertTrue(s.stepped() != java.util.Arrays.equals(before, after), "weights move exactly when it steps");
        }
    }

    @Test
    void distillationAloneCarriesAStepWhenNoTripletExists() {
        Engine.getInstance().setRandomSeed(3);
        float[][] x = new float[4][DIM];
        for (int i = 0; i < 4; i++) {
            x[i][i] = 1;
            x[i][(i + 1) % DIM] = 0.5f;
        }
        float[][] teacher = PairwiseDistancesTestData.spread(4);
        try (Model model = toyModel(); Trainer trainer = trainer(model); NDManager m = NDManager.newBaseManager()) {
            float[] before = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            // Four different people: no anchor-positive pair, so no triplet; distillation still teaches.
            StepStats s = new TripletStep(new BatchHardMiner(), new TripletLoss(), 1f,
                    new DistanceDistillation(DistanceDistillation.Kind.SQUARED_L2), 1f, false)
                    .run(trainer, new NDList(m.create(x)), new int[] {0, 1, 2, 3}, PairwiseDistances.ofMatrix(teacher));
            assertTrue(s.triplet().noValidTriplet());
            assertEquals(6, s.distillPairs());
            assertEquals(s.distillLoss(), s.totalLoss(), 1e-7);
            assertTrue(s.stepped());
            float[] after = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            assertTrue(!java.util.Arrays.equals(before, after));
        }
    }

    /** Teacher distance tables for the toy tests. */
    static final class PairwiseDistancesTestData {
        static float[][] spread(int n) {
            float[][] d = new float[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    d[i][j] = i == j ? 0 : 0.5f + 0.3f * Math.abs(i - j);
                }
            }
            return d;
        }
    }
}
