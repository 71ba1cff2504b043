package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import oneshot.net.ConvBnRelu;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Freezing by name and the prefix/suffix cut, on the real nn4.small2 graph (random weights). */
class SplitNetworkTest {
    private static final List<String> MISSING = List.of("inception_3c_3x3_conv2_w", "inception_4e_3x3_conv2_w",
            "inception_5a_1x1_conv_w", "inception_5a_3x3_conv2_w", "inception_5b_3x3_conv2_w");
    private static FaceModel model;

    @BeforeAll
    static void build() {
        model = FaceModel.createInitialized(LrnMode.TORCH);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void missingKernelsSelectTheirFiveLayersAndCutBeforeInception3c() {
        LayerSelection sel = LayerSelection.apply(model.net(), LayerSelection.patternForTensors(MISSING));
        assertEquals(List.of("inception_3c_3x3_conv2", "inception_4e_3x3_conv2", "inception_5a_3x3_conv2",
                "inception_5a_1x1_conv", "inception_5b_3x3_conv2"), sel.trained());
        assertEquals("inception_3c", oneshot.net.Nn4Small2.STAGES.get(sel.firstTrainedStage()));
        for (ConvBnRelu c : model.net().convs().values()) {
            boolean trained = sel.trained().contains(c.name());
            assertEquals(!trained, c.isFrozen(), c.name());
            for (Pair<String, Parameter> p : c.getParameters()) {
                boolean stat = LayerSelection.isRunningStatistic(p.getValue());
                assertEquals(trained && !stat, p.getValue().requiresGradient(), c.name() + " " + p.getKey());
            }
        }
        assertFalse(model.net().dense().getParameters().get(0).getValue().requiresGradient());
        assertTrue(sel.coversTensor("inception_5a_1x1_bn_v"));
        assertTrue(sel.coversTensor("inception_3c_3x3_conv2_w"));
        assertFalse(sel.coversTensor("inception_3c_3x3_conv1_w"));
        assertFalse(sel.coversTensor("inception_5a_1x1_conv1_w"));

        SplitNetwork split = new SplitNetwork(model.net(), sel.firstTrainedStage());
        assertEquals("inception_3b", split.cachedStage());
        assertArrayEquals(new long[] {320, 12, 12}, split.rowShape());
    }

    @Test
    void prefixThenSuffixEqualsTheWholeNetwork() {
        SplitNetwork split = new SplitNetwork(model.net(), 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 96, 96));
            ParameterStore ps = new ParameterStore(m, false);
            float[] whole = model.net().block().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            NDArray mid = split.prefixOutput(m, x);
            assertEquals(new Shape(2, 320, 12, 12), mid.getShape());
            float[] parts = split.suffix().forward(ps, new NDList(mid), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(whole, parts, 1e-6f);
        }
    }

    @Test
    void patternMatchingNothingOrInvalidIsAClearError() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LayerSelection.apply(model.net(), "inception_9.*"));
        assertTrue(none.getMessage().contains("matches no layer"));
        assertThrows(IllegalArgumentException.class, () -> LayerSelection.apply(model.net(), "(unclosed"));
    }

    @Test
    void denseAndWholeNetPatterns() {
        LayerSelection last = LayerSelection.apply(model.net(), "inception_5.*|dense");
        assertEquals("inception_5a", oneshot.net.Nn4Small2.STAGES.get(last.firstTrainedStage()));
        assertTrue(last.trained().contains("dense"));
        LayerSelection all = LayerSelection.apply(model.net(), ".*");
        assertEquals(38, all.trained().size());
        assertEquals(0, all.firstTrainedStage());
    }

    @Test
    void oneStepChangesOnlyTheTrainedLayersAndFrozenBatchNormKeepsItsStatistics() {
        LayerSelection sel = LayerSelection.apply(model.net(), LayerSelection.patternForTensors(MISSING));
        SplitNetwork split = new SplitNetwork(model.net(), sel.firstTrainedStage());
        ConvBnRelu frozen = model.net().convs().get("inception_3c_3x3_conv1");
        ConvBnRelu trained = model.net().convs().get("inception_3c_3x3_conv2");
        float[] frozenW = frozen.conv().getParameters().get(0).getValue().getArray().toFloatArray();
        float[] frozenMean = runningMean(frozen);
        float[] trainedW = trained.conv().getParameters().get(0).getValue().getArray().toFloatArray();
        float[] trainedMean = runningMean(trained);
        try (ai.djl.Model suffixModel = ai.djl.Model.newInstance("suffix-test");
             NDManager m = NDManager.newBaseManager()) {
            suffixModel.setBlock(split.suffix());
            ai.djl.training.Trainer trainer = suffixModel.newTrainer(
                    new ai.djl.training.DefaultTrainingConfig(new UnusedDjlLoss()).optOptimizer(
                            ai.djl.training.optimizer.Optimizer.adam().build()));
            trainer.initialize(new Shape(1, 320, 12, 12));
            NDArray x = m.randomUniform(0, 1, new Shape(8, 320, 12, 12));
            TripletStats st = new TripletStep(new BatchAllMiner(), new TripletLoss())
                    .run(trainer, new NDList(x), new int[] {0, 0, 1, 1, 2, 2, 3, 3});
            assertTrue(!st.noValidTriplet());
            trainer.close();
        }
        assertArrayEquals(frozenW, frozen.conv().getParameters().get(0).getValue().getArray().toFloatArray());
        assertArrayEquals(frozenMean, runningMean(frozen), "frozen BatchNorm ran in inference mode");
        assertFalse(java.util.Arrays.equals(trainedW,
                trained.conv().getParameters().get(0).getValue().getArray().toFloatArray()), "trained kernel moved");
        assertFalse(java.util.Arrays.equals(trainedMean, runningMean(trained)),
                "a trained layer's BatchNorm updates its running statistics");
    }

    private static float[] runningMean(ConvBnRelu c) {
        for (Pair<String, Parameter> p : c.bn().getParameters()) {
            if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new AssertionError("no running mean in " + c.name());
    }
}
