package oneshot.net.dlib;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import oneshot.net.ChannelHalves;
import oneshot.net.ChannelsLast;

/**
 * One conv layer of face-api.js's {@code FaceRecognitionNet} ({@code convLayer.ts}): conv with bias, then dlib's
 * per-channel affine scale layer ({@code x * weights + biases}), then ReLU unless it is the second conv of a residual.
 *
 * <p>Padding follows TensorFlow: 'same' for stride 1 (3x3 kernels: 1 on each side), 'valid' for the stride-2 convs.
 * The first conv also subtracts the mean RGB (the network's input is pixel / 255, the project's face tensor format).
 * In inference mode the scale layer, the bias and that mean are folded into one conv (exact: the first conv is 'valid',
 * so no zero padding ever meets the mean).
 */
final class ScaledConv extends AbstractBlock implements ChannelHalves {
    private static final byte VERSION = 1;

    private final String name;
    private final int in;
    private final int out;
    private final int kernel;
    private final Shape stride;
    private final Shape padding;
    private final boolean relu;
    /** Per-channel mean subtracted from the input, already / 255; null except for the first conv. */
    private final float[] inputMean;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter scaleWeight;
    private final Parameter scaleBias;
    private NDArray foldedWeight;
    private NDArray foldedBias;
    /** Output channels [0, O/2) and [O/2, O) of the folded conv, as views made once (see ConvBnRelu). */
    private NDArray[] weightHalves;
    private NDArray[] biasHalves;

    /**
     * @param name the manifest prefix of this layer, e.g. {@code conv64_down/conv1}
     * @param stride 1 ('same' padding) or 2 ('valid')
     */
    ScaledConv(String name, int in, int out, int kernel, int stride, boolean relu, float[] inputMean) {
        super(VERSION);
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException(name + ": stride " + stride);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = new Shape(stride, stride);
        int pad = stride == 1 ? (kernel - 1) / 2 : 0;
        this.padding = new Shape(pad, pad);
        this.relu = relu;
        this.inputMean = inputMean;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build());
        scaleWeight = addParameter(Parameter.builder().setName("scaleWeight").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(out)).build());
        scaleBias = addParameter(Parameter.builder().setName("scaleBias").setType(Parameter.Type.BETA)
                .optShape(new Shape(out)).build());
    }

    @Override
    public String name() {
        return name;
    }

    int inChannels() {
        return in;
    }

    int outChannels() {
        return out;
    }

    int kernel() {
        return kernel;
    }

    Parameter weight() {
        return weight;
    }

    Parameter bias() {
        return bias;
    }

    Parameter scaleWeight() {
        return scaleWeight;
    }

    Parameter scaleBias() {
        return scaleBias;
    }

    /** Multiply-adds of this conv for an input of {@code h x w}. */
    long multiplyAdds(int h, int w) {
        Shape o = getOutputShapes(new Shape[] {new Shape(1, in, h, w)})[0];
        return o.get(2) * o.get(3) * out * (long) in * kernel * kernel;
    }

    @Override
    public boolean isFolded() {
        return foldedWeight != null;
    }

    /**
     * w' = w * s, b' = (b - sum(w * mean)) * s + t: one conv computing conv, bias, mean and scale layer. The weight is
     * stored channels-last ({@link ChannelsLast#convWeight}).
     */
    void fold() {
        if (isFolded()) {
            return;
        }
        float[] w = weight.getArray().toFloatArray();
        float[] b = bias.getArray().toFloatArray();
        float[] s = scaleWeight.getArray().toFloatArray();
        float[] t = scaleBias.getArray().toFloatArray();
        int perOut = in * kernel * kernel;
        int plane = kernel * kernel;
        float[] fw = new float[w.length];
        float[] fb = new float[out];
        for (int o = 0; o < out; o++) {
            double meanTerm = 0;
            for (int i = 0; i < perOut; i++) {
                if (inputMean != null) {
                    meanTerm += (double) w[o * perOut + i] * inputMean[i / plane];
                }
                fw[o * perOut + i] = w[o * perOut + i] * s[o];
            }
            fb[o] = (float) ((b[o] - meanTerm) * s[o] + t[o]);
        }
        NDManager mgr = weight.getArray().getManager();
        foldedWeight = ChannelsLast.convWeight(mgr, fw, out, in, kernel);
        foldedBias = mgr.create(fb);
        int half = out / 2;
        weightHalves = new NDArray[] {foldedWeight.get(":" + half), foldedWeight.get(half + ":")};
        biasHalves = new NDArray[] {foldedBias.get(":" + half), foldedBias.get(half + ":")};
    }

    @Override
    public NDArray foldedHalf(NDArray x, int half) {
        if (!isFolded()) {
            throw new IllegalStateException(name + ": channel halves exist only once the layer is folded");
        }
        return activate(Conv2d.conv2d(x, weightHalves[half], biasHalves[half], stride, padding).singletonOrThrow());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y;
        if (isFolded()) {
            if (training) {
                throw new IllegalStateException(name + ": a folded model is for inference only");
            }
            y = Conv2d.conv2d(x, foldedWeight, foldedBias, stride, padding).singletonOrThrow();
        } else {
            if (inputMean != null) {
                x = x.sub(x.getManager().create(inputMean, new Shape(1, in, 1, 1)));
            }
            NDArray w = ps.getValue(weight, x.getDevice(), training);
            NDArray b = ps.getValue(bias, x.getDevice(), training);
            y = Conv2d.conv2d(x, w, b, stride, padding).singletonOrThrow();
            Shape perChannel = new Shape(1, out, 1, 1);
            y = y.mul(ps.getValue(scaleWeight, x.getDevice(), training).reshape(perChannel))
                    .add(ps.getValue(scaleBias, x.getDevice(), training).reshape(perChannel));
        }
        return new NDList(activate(y));
    }

    private NDArray activate(NDArray y) {
        return relu ? Activation.relu(y) : y;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) + 2 * padding.get(0) - kernel) / stride.get(0) + 1;
        long w = (s.get(3) + 2 * padding.get(1) - kernel) / stride.get(1) + 1;
        return new Shape[] {new Shape(s.get(0), out, h, w)};
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        // every parameter has a fixed shape
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }
}
