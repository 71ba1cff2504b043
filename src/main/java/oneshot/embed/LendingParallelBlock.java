package oneshot.embed;

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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Inference only: a parallel block's branches with the same join, branch 0 run here and the others handed to an idle
 * thread when there is one ({@link LentWork}: taken back and run here if that thread has not started them).
 */
final class LendingParallelBlock extends AbstractBlock {
    private final Function<List<NDList>, NDList> join;
    private final List<Block> branches = new ArrayList<>();
    private final BranchHelper helper;

    LendingParallelBlock(Function<List<NDList>, NDList> join, List<Block> branches, BranchHelper helper) {
        this.join = join;
        this.helper = helper;
        for (Block b : branches) {
            this.branches.add(addChildBlock("branch", b));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training) {
            throw new IllegalStateException("a lending block belongs to an inference view; train the network's own block");
        }
        LentWork<List<NDList>> rest = LentWork.offerOrKeep(helper, () -> forwardBranches(1, ps, inputs, params));
        List<NDList> outs = new ArrayList<>(branches.size());
        outs.add(branches.get(0).forward(ps, inputs, false, params));
        outs.addAll(rest.join());
        return join.apply(outs);
    }

    private List<NDList> forwardBranches(int from, ParameterStore ps, NDList inputs, PairList<String, Object> params) {
        List<NDList> outs = new ArrayList<>(branches.size() - from);
        for (int i = from; i < branches.size(); i++) {
            outs.add(branches.get(i).forward(ps, inputs, false, params));
        }
        return outs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException("an inference view runs forward only; ask the network's own block");
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        throw new UnsupportedOperationException("an inference view shares initialised layers; it is never initialised");
    }
}
