package oneshot.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import oneshot.net.Nn4Small2;

/**
 * nn4.small2 cut in two at a stage boundary: a frozen prefix that runs once per image (its output is cached) and a
 * suffix that trains. Both halves share the network's own layer objects, so training the suffix trains the model.
 */
public final class SplitNetwork {
    private final SequentialBlock prefix = new SequentialBlock();
    private final SequentialBlock suffix = new SequentialBlock();
    private final int cut;
    private final Shape cutShape;

    /** @param cut index into {@link Nn4Small2#STAGES} of the first suffix stage */
    public SplitNetwork(Nn4Small2 net, int cut) {
        List<Block> stages = net.block().getChildren().values();
        if (cut < 0 || cut >= stages.size()) {
            throw new IllegalArgumentException("Cut " + cut + " is outside 0.." + (stages.size() - 1));
        }
        this.cut = cut;
        for (int i = 0; i < stages.size(); i++) {
            (i < cut ? prefix : suffix).add(stages.get(i));
        }
        Shape s = Nn4Small2.INPUT_SHAPE;
        for (int i = 0; i < cut; i++) {
            s = stages.get(i).getOutputShapes(new Shape[] {s})[0];
        }
        this.cutShape = s;
    }

    public int cut() { return cut; }

    /** Name of the last prefix stage (whose output is cached), or "input" when nothing is frozen in front. */
    public String cachedStage() {
        return cut == 0 ? "input" : Nn4Small2.STAGES.get(cut - 1);
    }

    /** Shape of one cached row, without the batch axis (e.g. 320x12x12 after inception_3b). */
    public long[] rowShape() {
        long[] s = cutShape.getShape();
        long[] row = new long[s.length - 1];
        System.arraycopy(s, 1, row, 0, row.length);
        return row;
    }

    public SequentialBlock suffix() { return suffix; }

    /** Runs the frozen prefix in inference mode on a batch of inputs (N x 3 x 96 x 96). */
    public NDArray prefixOutput(NDManager manager, NDArray input) {
        if (cut == 0) {
            return input;
        }
        return prefix.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
    }
}
