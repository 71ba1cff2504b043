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

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDList> outs = new ArrayList<>(branches.size());
        for (Block b : branches) {
            outs.add(b.forward(ps, inputs, training, params));
        }
        return CONCAT.apply(outs);
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
