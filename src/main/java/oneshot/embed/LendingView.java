package oneshot.embed;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import oneshot.concurrent.BranchHelper;
import oneshot.net.ChannelHalves;
import oneshot.net.FaceNetwork;
import oneshot.net.Inception;
import oneshot.net.Nn4Small2;
import oneshot.net.Recomposable;
import oneshot.net.dlib.FaceRecognitionNet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An inference view of a face network that lends an idle thread to a forward pass: the network's own layers (same
 * objects, same parameters, nothing copied), in new containers, with each inception block a
 * {@link LendingParallelBlock} and the convs worth splitting a {@link LendingConv}. The network's block itself is never
 * changed: training and saving never see a lending block.
 */
public final class LendingView {
    /**
     * nn4.small2's convs that compute half their output channels on an idle thread at batch 1: the largest on the
     * single-face critical path. Paired A/B at batch 1 (30 rounds of 200 faces): faster in 27 rounds, 7.91 -> 7.56 ms;
     * adding conv1 and 3c's 3x3 gained less (19 of 30), so they stay whole.
     */
    static final Set<String> NN4_SPLIT_CONVS = Set.of("conv3", "inception_3a_3x3_conv2", "inception_3b_3x3_conv2");

    /** {@code -Doneshot.dlib.split=false} keeps every dlib conv whole at batch 1 (for the A/B in docs/benchmarks.md). */
    static final String DLIB_SPLIT_PROPERTY = "oneshot.dlib.split";

    private final BranchHelper helper;
    private final Predicate<ChannelHalves> split;

    private LendingView(BranchHelper helper, Predicate<ChannelHalves> split) {
        this.helper = helper;
        this.split = split;
    }

    /**
     * The view of {@code net}'s block lending to {@code helper}. nn4.small2 lends its inception branches and halves of
     * {@link #NN4_SPLIT_CONVS}; dlib's ResNet has no branches (each layer needs the previous one), so it lends half the
     * output channels of every conv instead. Nothing is lent while every thread is busy (batches).
     */
    public static Block of(FaceNetwork net, BranchHelper helper) {
        Predicate<ChannelHalves> split;
        if (net instanceof Nn4Small2) {
            split = c -> NN4_SPLIT_CONVS.contains(c.name());
        } else if (net instanceof FaceRecognitionNet) {
            boolean on = Boolean.parseBoolean(System.getProperty(DLIB_SPLIT_PROPERTY, "true"));
            split = c -> on;
        } else {
            throw new IllegalArgumentException("no lending view for " + net.architecture());
        }
        return new LendingView(helper, split).view(net.block());
    }

    private Block view(Block b) {
        if (b instanceof Inception inception) {
            return new LendingParallelBlock(inception.join(), children(b), helper);
        }
        if (b instanceof SequentialBlock) {
            SequentialBlock s = new SequentialBlock();
            s.addAll(children(b));
            return s;
        }
        if (b instanceof Recomposable r) {
            return r.withChildren(children(b));
        }
        if (b instanceof ChannelHalves c && split.test(c)) {
            return new LendingConv(b, helper);
        }
        if (b instanceof ParallelBlock) {
            throw new IllegalArgumentException("a ParallelBlock other than Inception: its join is not known to the view");
        }
        return b;
    }

    private List<Block> children(Block b) {
        List<Block> out = new ArrayList<>();
        for (Block c : b.getChildren().values()) {
            out.add(view(c));
        }
        return out;
    }
}
