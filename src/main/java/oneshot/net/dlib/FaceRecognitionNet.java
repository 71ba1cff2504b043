package oneshot.net.dlib;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import oneshot.net.FaceNetwork;
import oneshot.net.Recomposable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dlib's ResNet face descriptor as face-api.js computes it ({@code src/faceRecognitionNet/FaceRecognitionNet.ts} of
 * {@code @vladmandic/face-api} 1.7.15): a 150x150 RGB chip to 128 raw floats (not normalised).
 *
 * <p>Input: N x 3 x 150 x 150, pixel / 255; the first conv subtracts the mean RGB / 255, which is the reference's
 * {@code (x - mean) / 255}. Then: conv32_down (7x7 stride 2 'valid', scale, ReLU), max-pool 3x3 stride 2 'valid',
 * residual blocks of two 3x3 convs (the second without ReLU, ReLU after the sum), the {@code _down} ones with a stride-2
 * 'valid' first conv and a shortcut through a 2x2 stride-2 average pool, zero-padded in channels; where the pooled map is
 * one larger than the conv branch (8 -> 4 vs 3, 4 -> 2 vs 1) the branch gets a zero row at the bottom and a zero column
 * at the right ({@code residualLayer.ts}). Spatial mean, then {@code fc} [256 -> 128] without bias.
 */
public final class FaceRecognitionNet implements FaceNetwork {
    public static final String ARCHITECTURE = "dlib-resnet34";
    public static final int INPUT_SIZE = 150;
    public static final int EMBEDDING_SIZE = 128;
    /** The reference's mean RGB, subtracted before / 255. */
    static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};

    private final SequentialBlock block = new SequentialBlock();
    private final Map<String, ScaledConv> convs = new LinkedHashMap<>();
    private final Linear fc;

    public FaceRecognitionNet() {
        float[] mean = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = MEAN_RGB[c] / 255f;
        }
        block.add(conv("conv32_down", 3, 32, 7, 2, true, mean));
        block.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0)));
        block.add(residual("conv32_1", 32, 32, false));
        block.add(residual("conv32_2", 32, 32, false));
        block.add(residual("conv32_3", 32, 32, false));
        block.add(residual("conv64_down", 32, 64, true));
        block.add(residual("conv64_1", 64, 64, false));
        block.add(residual("conv64_2", 64, 64, false));
        block.add(residual("conv64_3", 64, 64, false));
        block.add(residual("conv128_down", 64, 128, true));
        block.add(residual("conv128_1", 128, 128, false));
        block.add(residual("conv128_2", 128, 128, false));
        block.add(residual("conv256_down", 128, 256, true));
        block.add(residual("conv256_1", 256, 256, false));
        block.add(residual("conv256_2", 256, 256, false));
        block.add(residual("conv256_down_out", 256, 256, true));
        block.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().mean(new int[] {3}).mean(new int[] {2})), "spatialMean"));
        fc = Linear.builder().setUnits(EMBEDDING_SIZE).optBias(false).build();
        block.add(fc);
    }

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    @Override
    public SequentialBlock block() {
        return block;
    }

    @Override
    public int inputSize() {
        return INPUT_SIZE;
    }

    @Override
    public int embeddingSize() {
        return EMBEDDING_SIZE;
    }

    /** Every conv layer by manifest prefix ({@code conv32_down}, {@code conv64_down/conv1}...), in network order. */
    Map<String, ScaledConv> convs() {
        return Collections.unmodifiableMap(convs);
    }

    /** The final dense layer; its DJL weight is [128, 256], the manifest's {@code fc} transposed. */
    Linear fc() {
        return fc;
    }

    /** Multiply-adds per chip: every conv plus the fc (pools, adds and the scale layers not counted). */
    public long multiplyAdds() {
        long total = 0;
        Shape s = inputShape();
        for (Block b : block.getChildren().values()) {
            Shape in = s;
            for (Block layer : b instanceof Residual ? b.getChildren().values() : List.of(b)) {
                if (layer instanceof ScaledConv c) {
                    total += c.multiplyAdds((int) in.get(2), (int) in.get(3));
                }
                in = layer.getOutputShapes(new Shape[] {in})[0];
            }
            s = b.getOutputShapes(new Shape[] {s})[0];
        }
        return total + (long) 256 * EMBEDDING_SIZE;
    }

    @Override
    public void prepareForInference() {
        convs.values().forEach(ScaledConv::fold);
    }

    private ScaledConv conv(String name, int in, int out, int k, int stride, boolean relu, float[] mean) {
        ScaledConv c = new ScaledConv(name, in, out, k, stride, relu, mean);
        convs.put(name, c);
        return c;
    }

    private Residual residual(String name, int in, int out, boolean down) {
        ScaledConv c1 = conv(name + "/conv1", in, out, 3, down ? 2 : 1, true, null);
        ScaledConv c2 = conv(name + "/conv2", out, out, 3, 1, false, null);
        return new Residual(c1, c2, out, down);
    }

    /**
     * {@code residual} / {@code residualDown} of {@code residualLayer.ts}: two convs (ScaledConvs in the network; an
     * inference view may wrap them, {@link Recomposable}) and the shortcut.
     */
    static final class Residual extends AbstractBlock implements Recomposable {
        private final Block conv1;
        private final Block conv2;
        private final int outChannels;
        private final boolean down;

        Residual(Block conv1, Block conv2, int outChannels, boolean down) {
            super((byte) 1);
            this.conv1 = addChildBlock("conv1", conv1);
            this.conv2 = addChildBlock("conv2", conv2);
            this.outChannels = outChannels;
            this.down = down;
        }

        @Override
        public Block withChildren(List<Block> children) {
            if (children.size() != 2) {
                throw new IllegalArgumentException("a residual block has two convs, got " + children.size());
            }
            return new Residual(children.get(0), children.get(1), outChannels, down);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray y = conv2.forward(ps, conv1.forward(ps, inputs, training, params), training, params).singletonOrThrow();
            if (!down) {
                return new NDList(Activation.relu(y.add(x)));
            }
            NDArray pooled = Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
            NDManager mgr = x.getManager();
            long n = y.getShape().get(0);
            long c = y.getShape().get(1);
            long ph = pooled.getShape().get(2);
            long pw = pooled.getShape().get(3);
            if (y.getShape().get(2) != ph || y.getShape().get(3) != pw) {
                y = y.concat(mgr.zeros(new Shape(n, c, 1, y.getShape().get(3))), 2);
                y = y.concat(mgr.zeros(new Shape(n, c, y.getShape().get(2), 1)), 3);
            }
            long pc = pooled.getShape().get(1);
            if (pc != c) {
                pooled = pooled.concat(mgr.zeros(new Shape(n, c - pc, ph, pw)), 1);
            }
            return new NDList(Activation.relu(pooled.add(y)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape s = inputShapes[0];
            if (!down) {
                return inputShapes;
            }
            return new Shape[] {new Shape(s.get(0), outChannels, s.get(2) / 2, s.get(3) / 2)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            conv1.initialize(manager, dataType, inputShapes);
            conv2.initialize(manager, dataType, conv1.getOutputShapes(inputShapes));
        }
    }
}
