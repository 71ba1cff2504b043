package oneshot.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/** One inception block: parallel branches joined by {@link DepthConcat}, branch order as in the trained model. */
public final class Inception extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final DepthConcat CONCAT = new DepthConcat();

    private final String name;
    private final List<Block> branches = new ArrayList<>();
    private volatile BranchHelper helper;

    public Inception(String name, List<Block> branches) {
        super(VERSION);
        this.name = name;
        int i = 0;
        for (Block b : branches) {
            this.branches.add(addChildBlock("branch" + i++, b));
        }
    }

    public String name() {
        return name;
    }

    /** Lets inference hand all branches but the first to an idle thread ({@code null}: run them all here). */
    public void setBranchHelper(BranchHelper helper) {
        this.helper = helper;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        BranchHelper h = helper;
        LentWork<List<NDList>> rest = h == null || training ? null
                : LentWork.offer(h, () -> forwardBranches(1, ps, inputs, false, params));
        if (rest == null) {
            return CONCAT.apply(forwardBranches(0, ps, inputs, training, params));
        }
        List<NDList> outs = new ArrayList<>(branches.size());
        outs.add(branches.get(0).forward(ps, inputs, false, params));
        // Not started yet (the other thread got busy): run it here rather than wait for it.
        outs.addAll(rest.join());
        return CONCAT.apply(outs);
    }

    private List<NDList> forwardBranches(int from, ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
        List<NDList> outs = new ArrayList<>(branches.size() - from);
        for (int i = from; i < branches.size(); i++) {
            outs.add(branches.get(i).forward(ps, inputs, training, params));
        }
        return outs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> shapes = new ArrayList<>();
        for (Block b : branches) {
            shapes.add(b.getOutputShapes(inputShapes)[0]);
        }
        return new Shape[] {DepthConcat.outputShape(shapes)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : branches) {
            b.initialize(manager, dataType, inputShapes);
        }
    }
}
