package oneshot.net;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenFace nn4.small2 (the trained {@code nn4.small2.v1} topology): 3x96x96 RGB in [0,1] to a 128-d unit vector.
 *
 * <p>Built from ../shared/docs/nn4-small2-spec.md, not from OpenFace's {@code .def.lua} (which differs from the trained
 * model). Keeps a reference to every named layer so weights are loaded by Keras-OpenFace name.
 */
public final class Nn4Small2 implements FaceNetwork {
    public static final String ARCHITECTURE = "nn4.small2";
    public static final Shape INPUT_SHAPE = new Shape(1, 3, 96, 96);
    public static final int EMBEDDING_SIZE = 128;
    /** Trainable parameters as OpenFace publishes them: conv w+b, BN gamma+beta, dense. */
    public static final long TRAINABLE_PARAMETERS = 3_733_968L;
    /** Multiply-adds per image of the 37 convs and the dense layer (golden/nn4/README.md). */
    public static final long MULTIPLY_ADDS = 200_118_272L;

    /** Top-level stages, in order; the golden taps are taken after some of them. */
    public static final List<String> STAGES = List.of("stem", "inception_3a", "inception_3b", "inception_3c",
            "inception_4a", "inception_4e", "inception_5a", "inception_5b", "avgpool", "flatten", "dense", "embedding");

    private final LrnMode lrnMode;
    private final SequentialBlock block = new SequentialBlock();
    private final Map<String, ConvBnRelu> convs = new LinkedHashMap<>();
    private final Linear dense;

    public Nn4Small2(LrnMode lrnMode) {
        this.lrnMode = lrnMode;
        block.add(stem());
        block.add(inceptionA("3a", 192, 96, 128, 16, 32, Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0)), 32, 64));
        block.add(inceptionA("3b", 256, 96, 128, 32, 64, l2Pool(), 64, 64));
        block.add(inceptionReduce("3c", 320, 128, 256, 32, 64));
        block.add(inceptionA("4a", 640, 96, 192, 32, 64, l2Pool(), 128, 256));
        block.add(inceptionReduce("4e", 640, 160, 256, 64, 128));
        block.add(inceptionC("5a", 1024, 96, 384, l2Pool(), 96, 256));
        block.add(inceptionC("5b", 736, 96, 384, maxPool(3, 2, 0), 96, 256));
        block.add(Pool.avgPool2dBlock(new Shape(3, 3), new Shape(1, 1)));
        block.add(Blocks.batchFlattenBlock());
        dense = Linear.builder().setUnits(EMBEDDING_SIZE).optBias(true).build();
        block.add(dense);
        block.add(new LambdaBlock(x -> new ai.djl.ndarray.NDList(x.singletonOrThrow().normalize(2, 1, 1e-10)), "l2norm"));
    }

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    @Override
    public int inputSize() {
        return 96;
    }

    @Override
    public int embeddingSize() {
        return EMBEDDING_SIZE;
    }

    public LrnMode lrnMode() {
        return lrnMode;
    }

    /** The whole network as one DJL block; its children are the {@link #STAGES}. */
    @Override
    public SequentialBlock block() {
        return block;
    }

    /** Every conv layer by Keras-OpenFace name, in network order (37 layers). */
    public Map<String, ConvBnRelu> convs() {
        return Collections.unmodifiableMap(convs);
    }

    public Linear dense() {
        return dense;
    }

    /**
     * The inference mode: every BatchNorm folded into its conv, conv weights stored channels-last ({@link ChannelsLast}).
     * Same arithmetic, golden-tested; about twice as fast on CPU (docs/benchmarks.md). Irreversible: inference only.
     */
    @Override
    public void prepareForInference() {
        convs.values().forEach(ConvBnRelu::foldBatchNorm);
    }

    private Block stem() {
        SequentialBlock s = new SequentialBlock();
        s.add(conv("conv1", 3, 64, 7, 2, 3));
        s.add(maxPool(3, 2, 1));
        s.add(lrn());
        s.add(conv("conv2", 64, 64, 1, 1, 0));
        s.add(conv("conv3", 64, 192, 3, 1, 1));
        s.add(lrn());
        s.add(maxPool(3, 2, 1));
        return s;
    }

    /** 3a, 3b, 4a: [3x3, 5x5, pool then 1x1, 1x1]. */
    private Block inceptionA(String id, int in, int r3, int o3, int r5, int o5, Block pool, int poolOut, int o1) {
        String p = "inception_" + id;
        List<Block> branches = new ArrayList<>();
        branches.add(seq(conv(p + "_3x3_conv1", in, r3, 1, 1, 0), conv(p + "_3x3_conv2", r3, o3, 3, 1, 1)));
        branches.add(seq(conv(p + "_5x5_conv1", in, r5, 1, 1, 0), conv(p + "_5x5_conv2", r5, o5, 5, 1, 2)));
        branches.add(seq(pool, conv(p + "_pool_conv", in, poolOut, 1, 1, 0)));
        branches.add(conv(p + "_1x1_conv", in, o1, 1, 1, 0));
        return new Inception(p, branches);
    }

    /** 3c, 4e: [3x3 stride 2, 5x5 stride 2, max-pool without conv]. */
    private Block inceptionReduce(String id, int in, int r3, int o3, int r5, int o5) {
        String p = "inception_" + id;
        List<Block> branches = new ArrayList<>();
        branches.add(seq(conv(p + "_3x3_conv1", in, r3, 1, 1, 0), conv(p + "_3x3_conv2", r3, o3, 3, 2, 1)));
        branches.add(seq(conv(p + "_5x5_conv1", in, r5, 1, 1, 0), conv(p + "_5x5_conv2", r5, o5, 5, 2, 2)));
        branches.add(maxPool(3, 2, 0));
        return new Inception(p, branches);
    }

    /** 5a, 5b: [3x3, pool then 1x1, 1x1]. */
    private Block inceptionC(String id, int in, int r3, int o3, Block pool, int poolOut, int o1) {
        String p = "inception_" + id;
        List<Block> branches = new ArrayList<>();
        branches.add(seq(conv(p + "_3x3_conv1", in, r3, 1, 1, 0), conv(p + "_3x3_conv2", r3, o3, 3, 1, 1)));
        branches.add(seq(pool, conv(p + "_pool_conv", in, poolOut, 1, 1, 0)));
        branches.add(conv(p + "_1x1_conv", in, o1, 1, 1, 0));
        return new Inception(p, branches);
    }

    private LocalResponseNorm lrn() {
        return new LocalResponseNorm(lrnMode);
    }

    private ConvBnRelu conv(String name, int in, int out, int k, int s, int pad) {
        ConvBnRelu c = new ConvBnRelu(name, in, out, k, s, pad);
        convs.put(name, c);
        return c;
    }

    private static Block seq(Block... blocks) {
        SequentialBlock s = new SequentialBlock();
        for (Block b : blocks) {
            s.add(b);
        }
        return s;
    }

    private static Block maxPool(int k, int s, int p) {
        return Pool.maxPool2dBlock(new Shape(k, k), new Shape(s, s), new Shape(p, p));
    }

    /** Torch SpatialLPPooling(2, 3x3, stride 3). Native lpPool: zero gradient on all-zero windows, not NaN. */
    private static Block l2Pool() {
        return Pool.lpPool2dBlock(2f, new Shape(3, 3), new Shape(3, 3));
    }
}
