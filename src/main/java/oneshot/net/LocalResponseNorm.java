package oneshot.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Cross-channel LRN. DJL 0.35 has no LRN block; an average pool over the channel axis gives the exact
 * PyTorch formula (channels outside the tensor count as zero, hence countIncludePad).
 */
public final class LocalResponseNorm extends AbstractBlock {
    private static final byte VERSION = 1;
    private final LrnMode mode;

    public LocalResponseNorm(LrnMode mode) {
        super(VERSION);
        if (mode.size % 2 == 0) {
            throw new IllegalArgumentException("LRN size must be odd: " + mode.size);
        }
        this.mode = mode;
    }

    public LrnMode mode() {
        return mode;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        NDArray sq = x.square().reshape(n, 1, c, h * w);
        NDArray avg = Pool.avgPool2d(sq, new Shape(mode.size, 1), new Shape(1, 1),
                new Shape(mode.size / 2, 0), false, true);
        NDArray denom = avg.reshape(n, c, h, w).mul(mode.alpha).add(mode.k).pow(mode.beta);
        return new NDList(x.div(denom));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
