package oneshot.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One inception block: a DJL {@link ParallelBlock} whose branches (in the trained model's order) are joined by
 * {@link DepthConcat}. Nothing else: how inference may run the branches side by side is {@code oneshot.embed}'s business.
 */
public final class Inception extends ParallelBlock {
    /**
     * The encoding version this block's parameters are saved with. The saved models predate the move onto ParallelBlock
     * (whose own version 2 layout is the same, but whose reader of version 1 skips the input shapes that these files
     * hold): keeping 1 keeps every saved model loading and every newly saved file byte for byte as before.
     */
    private static final byte SAVED_VERSION = 1;
    private static final DepthConcat JOIN = new DepthConcat();

    private final String name;

    public Inception(String name, List<Block> branches) {
        super(JOIN, branches);
        this.version = SAVED_VERSION;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** How the branches' outputs become the block's output: {@link DepthConcat}, in branch order. */
    public Function<List<NDList>, NDList> join() {
        return JOIN;
    }

    /** From the branch shapes alone (ParallelBlock's own would run the join on zero arrays). */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        List<Shape> shapes = new ArrayList<>();
        for (Block b : getChildren().values()) {
            shapes.add(b.getOutputShapes(inputShapes)[0]);
        }
        return new Shape[] {DepthConcat.outputShape(shapes)};
    }
}
