package oneshot.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import oneshot.concurrent.BranchHelper;
import oneshot.concurrent.LentWork;
import oneshot.net.ChannelHalves;

/**
 * Inference only: a folded conv whose second half of output channels is handed to an idle thread while this one
 * computes the first, then concatenated; the whole conv here when no thread is idle or the conv is not folded.
 */
final class LendingConv extends AbstractBlock {
    private final Block conv;
    private final ChannelHalves halves;
    private final BranchHelper helper;

    /** @param conv a block that is also {@link ChannelHalves} (ConvBnRelu, dlib's ScaledConv) */
    LendingConv(Block conv, BranchHelper helper) {
        if (!(conv instanceof ChannelHalves h)) {
            throw new IllegalArgumentException(conv.getClass().getSimpleName() + " cannot compute its channels in halves");
        }
        this.conv = addChildBlock("conv", conv);
        this.halves = h;
        this.helper = helper;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            throw new IllegalStateException(halves.name() + ": a lending block belongs to an inference view; train the "
                    + "network's own block");
        }
        if (halves.isFolded()) {
            NDArray x = inputs.singletonOrThrow();
            LentWork<NDArray> second = LentWork.offer(helper, () -> halves.foldedHalf(x, 1));
            if (second != null) {
                return new NDList(halves.foldedHalf(x, 0).concat(second.join(), 1));
            }
        }
        // no idle thread: splitting here would only add a concat
        return conv.forward(ps, inputs, false, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        throw new UnsupportedOperationException("an inference view shares initialised layers; it is never initialised");
    }
}
