package oneshot.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import oneshot.GoldenWeights;
import oneshot.concurrent.OtherThreadHelper;
import oneshot.net.ConvBnRelu;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A conv computed by {@link LendingConv} as two halves of its output channels on two threads equals the whole conv. */
class ConvSplitTest {

    @Test
    void halvesOnTwoThreadsEqualTheWholeConvForEverySplitConv() throws Exception {
        try (OtherThreadHelper helper = new OtherThreadHelper();
                FaceModel m = GoldenWeights.model(LrnMode.TORCH).forInference();
                NDManager mgr = m.model().getNDManager().newSubManager()) {
            for (String name : LendingView.NN4_SPLIT_CONVS) {
                ConvBnRelu conv = m.net().convs().get(name);
                int side = name.equals("conv3") ? 24 : 12;
                NDArray in = mgr.randomUniform(0, 1, new Shape(1, side, side, conv.inChannels()), DataType.FLOAT32)
                        .transpose(0, 3, 1, 2);
                ParameterStore ps = new ParameterStore(mgr, false);
                float[] whole = conv.forward(ps, new NDList(in), false).singletonOrThrow().toFloatArray();
                float[] halves = new LendingConv(conv, helper).forward(ps, new NDList(in), false).singletonOrThrow()
                        .toFloatArray();
                assertArrayEquals(whole, halves, 1e-5f, name);
            }
            assertEquals(LendingView.NN4_SPLIT_CONVS.size(), helper.offers(), "every split conv offered its second half");
        }
    }
}
