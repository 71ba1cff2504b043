package oneshot.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Conv (with bias) then BatchNorm (eps 1e-5) then ReLU: every convolution of nn4.small2.
 *
 * <p>Carries its Keras-OpenFace name so weights map by name, not by DJL's generated parameter keys. A frozen layer keeps
 * its BatchNorm in inference mode even while the rest of the net trains: its running statistics belong to its weights.
 */
public final class ConvBnRelu extends AbstractBlock {
    private static final byte VERSION = 1;

    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final Conv2d conv;
    private final BatchNorm bn;
    private boolean frozen;

    public ConvBnRelu(String name, int inChannels, int outChannels, int kernel, int stride, int padding) {
        super(VERSION);
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.conv = addChildBlock("conv", Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .setFilters(outChannels)
                .optBias(true)
                .build());
        this.bn = addChildBlock("bn", BatchNorm.builder().optEpsilon(1e-5f).build());
    }

    /** Keras-OpenFace name of the conv, e.g. {@code inception_3a_3x3_conv1}. */
    public String name() {
        return name;
    }

    /** Keras-OpenFace name of the BatchNorm that follows: the trailing {@code conv} becomes {@code bn}. */
    public String bnName() {
        return bnNameOf(name);
    }

    static String bnNameOf(String convName) {
        return convName.replaceFirst("conv(\\d*)$", "bn$1");
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public Conv2d conv() {
        return conv;
    }

    public BatchNorm bn() {
        return bn;
    }

    public boolean isFrozen() {
        return frozen;
    }

    /** Freezes or unfreezes the conv and BN parameters; frozen BN also stops updating its running statistics. */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
        freezeParameters(frozen);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = conv.forward(ps, inputs, training, params);
        x = bn.forward(ps, x, training && !frozen, params);
        return new NDList(Activation.relu(x.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }
}
