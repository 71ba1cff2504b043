package oneshot.net;

import ai.djl.ndarray.NDArray;
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
public final class ConvBnRelu extends AbstractBlock implements ChannelHalves {
    private static final byte VERSION = 1;

    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Shape stride;
    private final Shape padding;
    private boolean frozen;
    private boolean folded;
    /** Folded weight stored channels-last (O,H,W,I in memory, seen as O,I,H,W): Torch then never copies it per call. */
    private NDArray inferenceWeight;
    private NDArray inferenceBias;
    /** Output channels [0, O/2) and [O/2, O) of the folded conv: views made once, as slicing per call would attach new
     * arrays to the model's memory on every pass. */
    private NDArray[] weightHalves;
    private NDArray[] biasHalves;

    public ConvBnRelu(String name, int inChannels, int outChannels, int kernel, int stride, int padding) {
        super(VERSION);
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
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
    @Override
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
    public boolean isFolded() {
        return folded;
    }

    /**
     * Folds the inference-mode BatchNorm into the conv (w' = w * g, b' = (b - mean) * g + beta, g = gamma / sqrt(var + eps)),
     * so inference runs one op instead of two. Irreversible: only for models used for inference, never saved or trained.
     */
    public void foldBatchNorm() {
        if (folded) {
            return;
        }
        NDArray w = conv.getParameters().get("weight").getArray();
        NDArray b = conv.getParameters().get("bias").getArray();
        float[] weight = w.toFloatArray();
        float[] bias = b.toFloatArray();
        float[] gamma = bn.getParameters().get("gamma").getArray().toFloatArray();
        float[] beta = bn.getParameters().get("beta").getArray().toFloatArray();
        float[] mean = bn.getParameters().get("runningMean").getArray().toFloatArray();
        float[] var = bn.getParameters().get("runningVar").getArray().toFloatArray();
        int perOut = weight.length / outChannels;
        for (int o = 0; o < outChannels; o++) {
            double g = gamma[o] / Math.sqrt(var[o] + 1e-5);
            for (int i = 0; i < perOut; i++) {
                weight[o * perOut + i] = (float) (weight[o * perOut + i] * g);
            }
            bias[o] = (float) ((bias[o] - mean[o]) * g + beta[o]);
        }
        w.set(weight);
        b.set(bias);
        inferenceWeight = ChannelsLast.convWeight(w.getManager(), weight, outChannels, inChannels, kernel);
        inferenceBias = b;
        int half = outChannels / 2;
        weightHalves = new NDArray[] {inferenceWeight.get(":" + half), inferenceWeight.get(half + ":")};
        biasHalves = new NDArray[] {b.get(":" + half), b.get(half + ":")};
        folded = true;
    }

    @Override
    public NDArray foldedHalf(NDArray x, int half) {
        if (!folded) {
            throw new IllegalStateException(name + ": channel halves exist only once the BatchNorm is folded");
        }
        return convRelu(x, weightHalves[half], biasHalves[half]);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (folded) {
            if (training) {
                throw new IllegalStateException(name + ": a BatchNorm-folded model is for inference only");
            }
            return new NDList(convRelu(inputs.singletonOrThrow(), inferenceWeight, inferenceBias));
        }
        NDList x = conv.forward(ps, inputs, training, params);
        x = bn.forward(ps, x, training && !frozen, params);
        return new NDList(Activation.relu(x.singletonOrThrow()));
    }

    private NDArray convRelu(NDArray x, NDArray weight, NDArray bias) {
        return Activation.relu(Conv2d.conv2d(x, weight, bias, stride, padding).singletonOrThrow());
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
