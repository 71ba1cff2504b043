package oneshot.net;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The 224 tensors of a complete Keras-OpenFace export and where each one goes in {@link Nn4Small2}
 * (naming as Keras-OpenFace {@code utils.py}: conv {@code _w/_b}; BatchNorm {@code _w} gamma, {@code _b} beta,
 * {@code _m} running mean, {@code _v} running variance; {@code dense_w} is [128][736]).
 */
public final class WeightLayout {
    public static final int COMPLETE_TENSOR_COUNT = 224;

    private final List<TensorSpec> tensors;

    public WeightLayout(Nn4Small2 net) {
        List<TensorSpec> list = new ArrayList<>();
        for (ConvBnRelu c : net.convs().values()) {
            int out = c.outChannels();
            String bn = c.bnName();
            list.add(new TensorSpec(c.name() + "_w", new Shape(out, c.inChannels(), c.kernel(), c.kernel()), c.name(), "weight", true));
            list.add(new TensorSpec(c.name() + "_b", new Shape(out), c.name(), "bias", false));
            list.add(new TensorSpec(bn + "_w", new Shape(out), bn, "gamma", false));
            list.add(new TensorSpec(bn + "_b", new Shape(out), bn, "beta", false));
            list.add(new TensorSpec(bn + "_m", new Shape(out), bn, "runningMean", false));
            list.add(new TensorSpec(bn + "_v", new Shape(out), bn, "runningVar", false));
        }
        list.add(new TensorSpec("dense_w", new Shape(Nn4Small2.EMBEDDING_SIZE, 736), "dense", "weight", true));
        list.add(new TensorSpec("dense_b", new Shape(Nn4Small2.EMBEDDING_SIZE), "dense", "bias", false));
        if (list.size() != COMPLETE_TENSOR_COUNT) {
            throw new IllegalStateException("layout has " + list.size() + " tensors, expected " + COMPLETE_TENSOR_COUNT);
        }
        this.tensors = Collections.unmodifiableList(list);
    }

    public List<TensorSpec> tensors() {
        return tensors;
    }

    /** The DJL parameter a tensor fills. */
    public static Parameter parameterOf(Nn4Small2 net, TensorSpec t) {
        if (t.layer().equals("dense")) {
            return net.dense().getParameters().get(t.parameter());
        }
        ConvBnRelu c = net.convs().get(t.layer());
        if (c != null) {
            return c.conv().getParameters().get(t.parameter());
        }
        for (ConvBnRelu layer : net.convs().values()) {
            if (layer.bnName().equals(t.layer())) {
                return layer.bn().getParameters().get(t.parameter());
            }
        }
        throw new IllegalArgumentException("no layer named " + t.layer());
    }
}
