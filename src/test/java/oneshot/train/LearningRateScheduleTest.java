package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import org.junit.jupiter.api.Test;

/** The schedule against the cosine written out by hand, and Adam really stepping with it. */
class LearningRateScheduleTest {
    private static final float BASE = 3e-4f;

    private static double cosine(int step, int planned) {
        double t = Math.min(1.0, step / (double) planned);
        return BASE * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * t)));
    }

    @Test
    void cosineFallsFromTheBaseToOnePercentAndStaysThere() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Shape.COSINE, BASE, 200);
        for (int step : new int[] {0, 1, 50, 100, 150, 199, 200, 260}) {
            s.atStep(step);
            assertEquals(cosine(step, 200), s.getNewValue(1), 1e-9, "step " + step);
        }
        s.atStep(100);
        assertEquals(BASE * 0.505, s.getNewValue(1), 1e-9, "half way: the mean of base and floor");
        assertEquals(s.getNewValue(1), s.getNewValue(777), 0.0,
                "Adam's own count (restarted after a resume) does not move the rate");
    }

    @Test
    void constantStaysAtTheBase() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Shape.CONSTANT, BASE, 10);
        s.atStep(9);
        assertEquals(BASE, s.getNewValue(3), 0.0);
        assertEquals(LearningRateSchedule.Shape.COSINE, LearningRateSchedule.Shape.parse("cosine"));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.Shape.parse("linear"));
        assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSchedule(LearningRateSchedule.Shape.COSINE, BASE, 0));
    }

    @Test
    void eachDropDividesEitherShapeByTen() {
        LearningRateSchedule c = new LearningRateSchedule(LearningRateSchedule.Shape.COSINE, BASE, 200);
        c.atStep(50);
        c.afterDrops(2);
        assertEquals(cosine(50, 200) / 100, c.getNewValue(1), 1e-12);
        LearningRateSchedule k = new LearningRateSchedule(LearningRateSchedule.Shape.CONSTANT, BASE, 10);
        k.afterDrops(1);
        assertEquals(BASE / 10, k.getNewValue(1), 1e-12);
        k.afterDrops(0);
        assertEquals(BASE, k.getNewValue(1), 0.0, "the factor is set, not accumulated (a resume sets it again)");
        assertThrows(IllegalArgumentException.class, () -> k.afterDrops(-1));
    }

    /** Adam's first step moves every weight by about the learning rate (m/sqrt(v) = sign of the gradient). */
    @Test
    void adamTakesItsStepWithTheScheduledRate() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Shape.COSINE, BASE, 4);
        s.atStep(2);
        try (Model model = Model.newInstance("one-weight"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(new UnusedDjlLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(s).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, 1));
                Parameter w = model.getBlock().getParameters().valueAt(0);
                float before = w.getArray().getFloat();
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray y = trainer.forward(new NDList(m.create(new float[][] {{1f}}))).singletonOrThrow();
                    gc.backward(y.sum()); // gradient +1: the weight must go down by the rate
                }
                trainer.step();
                float moved = before - w.getArray().getFloat();
                assertEquals(cosine(2, 4), moved, 1e-3 * cosine(2, 4), "Adam stepped with the half-way rate");
            }
        }
    }
}
