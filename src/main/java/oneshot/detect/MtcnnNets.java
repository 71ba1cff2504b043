package oneshot.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * P-Net, R-Net and O-Net as DJL NDArray operations (PyTorch engine, NCHW).
 *
 * <p>Inputs are already normalised tensors whose two spatial axes follow the chosen {@link MtcnnConvention}: the nets
 * only see "axis A" and "axis B". TensorFlow's SAME max pooling pads at the end only for these sizes, which is PyTorch's
 * ceil mode. The fc layers flatten in TF's (A, B, channel) order, so activations are permuted before flattening.
 * Thread-safe: the weights are read-only and every call works in the caller's manager.
 */
public final class MtcnnNets implements AutoCloseable {
    private final NDManager weights;
    private final Layer[] pnet;
    private final Layer[] rnet;
    private final Layer[] onet;
    private final Dense[] rnetFc;
    private final Dense[] onetFc;

    private record Layer(NDArray kernel, NDArray bias, NDArray alpha) {}

    private record Dense(NDArray weight, NDArray bias, NDArray alpha) {}

    /** P-Net output: face probability and box regression per cell of a {@code a x b} map (row-major over A then B). */
    public record PnetMap(int a, int b, float[] prob, float[][] reg) {}

    /** R-Net / O-Net output per candidate: face probability, 4 box offsets, and for O-Net 10 landmark values. */
    public record StageOutput(float[] prob, float[][] reg, float[][] points) {
        /** The outputs of two batches, {@code a}'s boxes first. */
        static StageOutput concat(StageOutput a, StageOutput b) {
            float[] prob = java.util.Arrays.copyOf(a.prob, a.prob.length + b.prob.length);
            System.arraycopy(b.prob, 0, prob, a.prob.length, b.prob.length);
            return new StageOutput(prob, join(a.reg, b.reg), a.points == null ? null : join(a.points, b.points));
        }

        private static float[][] join(float[][] a, float[][] b) {
            float[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }

    public MtcnnNets(MtcnnWeights w) {
        oneshot.net.EngineDefaults.loadEngine();
        weights = NDManager.newBaseManager();
        pnet = new Layer[] {conv(w, "pnet/conv1", "pnet/prelu1_alpha"), conv(w, "pnet/conv2", "pnet/prelu2_alpha"),
            conv(w, "pnet/conv3", "pnet/prelu3_alpha"), conv(w, "pnet/conv4_1", null), conv(w, "pnet/conv4_2", null)};
        rnet = new Layer[] {conv(w, "rnet/conv1", "rnet/prelu1_alpha"), conv(w, "rnet/conv2", "rnet/prelu2_alpha"),
            conv(w, "rnet/conv3", "rnet/prelu3_alpha")};
        rnetFc = new Dense[] {dense(w, "rnet/fc1", "rnet/prelu4_alpha"), dense(w, "rnet/fc2_1", null),
            dense(w, "rnet/fc2_2", null)};
        onet = new Layer[] {conv(w, "onet/conv1", "onet/prelu1_alpha"), conv(w, "onet/conv2", "onet/prelu2_alpha"),
            conv(w, "onet/conv3", "onet/prelu3_alpha"), conv(w, "onet/conv4", "onet/prelu4_alpha")};
        onetFc = new Dense[] {dense(w, "onet/fc1", "onet/prelu5_alpha"), dense(w, "onet/fc2_1", null),
            dense(w, "onet/fc2_2", null), dense(w, "onet/fc2_3", null)};
    }

    private Layer conv(MtcnnWeights w, String name, String alpha) {
        MtcnnWeights.Tensor k = w.get(name + "/weights");
        int[] s = k.shape(); // kh, kw, in, out
        float[] v = k.values();
        // Stored channels-last (out, kh, kw, in), seen as (out, in, kh, kw): Torch then runs every conv and max-pool of
        // the net in its channels-last kernels; its channels-first max-pool took two thirds of detection time.
        float[] t = new float[v.length];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                for (int c = 0; c < s[2]; c++) {
                    for (int o = 0; o < s[3]; o++) {
                        t[((o * s[0] + i) * s[1] + j) * s[2] + c] = v[((i * s[1] + j) * s[2] + c) * s[3] + o];
                    }
                }
            }
        }
        NDArray kernel = weights.create(t, new Shape(s[3], s[0], s[1], s[2])).transpose(0, 3, 1, 2);
        NDArray bias = weights.create(w.get(name + "/bias").values());
        NDArray a = alpha == null ? null : weights.create(w.get(alpha).values(), new Shape(1, s[3], 1, 1));
        return new Layer(kernel, bias, a);
    }

    private Dense dense(MtcnnWeights w, String name, String alpha) {
        MtcnnWeights.Tensor k = w.get(name + "/weights");
        int in = k.shape()[0];
        int out = k.shape()[1];
        NDArray weight = weights.create(k.values(), new Shape(in, out)).transpose().duplicate();
        NDArray bias = weights.create(w.get(name + "/bias").values());
        NDArray a = alpha == null ? null : weights.create(w.get(alpha).values(), new Shape(1, out));
        return new Dense(weight, bias, a);
    }

    private static NDArray apply(Layer l, NDArray x) {
        NDArray y = Conv2d.conv2d(x, l.kernel, l.bias, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow();
        return l.alpha == null ? y : prelu(y, l.alpha);
    }

    private static NDArray apply(Dense d, NDArray x) {
        NDArray y = Linear.linear(x, d.weight, d.bias).singletonOrThrow();
        return d.alpha == null ? y : prelu(y, d.alpha);
    }

    /**
     * PReLU by hand (DJL's PyTorch engine does not implement {@code prelu}); alpha is pre-shaped to broadcast; frees x.
     * relu(x) + alpha * (x - relu(x)) gives exactly max(x, 0) + alpha * min(x, 0), in four ops on arrays: an op with a
     * scalar ({@code maximum(0f)}) first makes a tensor of the scalar and took 3-4 times as long.
     */
    private static NDArray prelu(NDArray x, NDArray alpha) {
        NDArray pos = Activation.relu(x);
        NDArray neg = x.sub(pos);
        x.close();
        neg.muli(alpha);
        pos.addi(neg);
        neg.close();
        return pos;
    }

    /** Frees a layer's input as soon as its output exists: big photos would otherwise hold every activation. */
    private static NDArray then(NDArray input, NDArray output) {
        input.close();
        return output;
    }

    private static NDArray pool(NDArray x, int k) {
        return Pool.maxPool2d(x, new Shape(k, k), new Shape(2, 2), new Shape(0, 0), true);
    }

    private static NDArray poolValid(NDArray x, int k) {
        return Pool.maxPool2d(x, new Shape(k, k), new Shape(2, 2), new Shape(0, 0), false);
    }

    /** P-Net on one normalised image tensor {@code [3, a, b]} (a, b &gt;= 12). */
    public PnetMap pnet(NDManager m, float[] chw, int a, int b) {
        NDArray x = m.create(chw, new Shape(1, 3, a, b));
        x = then(x, apply(pnet[0], x));
        x = then(x, pool(x, 2));
        x = then(x, apply(pnet[1], x));
        x = then(x, apply(pnet[2], x));
        NDArray logits = apply(pnet[3], x);
        NDArray reg = apply(pnet[4], x);
        x.close();
        int oa = (int) logits.getShape().get(2);
        int ob = (int) logits.getShape().get(3);
        float[] l = logits.toFloatArray();
        float[] r = reg.toFloatArray();
        int n = oa * ob;
        float[] prob = new float[n];
        for (int i = 0; i < n; i++) {
            prob[i] = faceProbability(l[i], l[n + i]);
        }
        float[][] regs = new float[4][n];
        for (int k = 0; k < 4; k++) {
            System.arraycopy(r, k * n, regs[k], 0, n);
        }
        return new PnetMap(oa, ob, prob, regs);
    }

    /** R-Net on {@code n} normalised 24x24 crops laid end to end ({@code [n, 3, 24, 24]}). */
    public StageOutput rnet(NDManager m, float[] batch, int n) {
        NDArray x = m.create(batch, new Shape(n, 3, 24, 24));
        x = then(x, apply(rnet[0], x));
        x = then(x, pool(x, 3));
        x = then(x, apply(rnet[1], x));
        x = then(x, poolValid(x, 3));
        x = then(x, apply(rnet[2], x));
        x = then(x, flattenTfOrder(x));
        x = then(x, apply(rnetFc[0], x));
        return output(n, apply(rnetFc[1], x), apply(rnetFc[2], x), null);
    }

    /** O-Net on {@code n} normalised 48x48 crops ({@code [n, 3, 48, 48]}). */
    public StageOutput onet(NDManager m, float[] batch, int n) {
        NDArray x = m.create(batch, new Shape(n, 3, 48, 48));
        x = then(x, apply(onet[0], x));
        x = then(x, pool(x, 3));
        x = then(x, apply(onet[1], x));
        x = then(x, poolValid(x, 3));
        x = then(x, apply(onet[2], x));
        x = then(x, pool(x, 2));
        x = then(x, apply(onet[3], x));
        x = then(x, flattenTfOrder(x));
        x = then(x, apply(onetFc[0], x));
        return output(n, apply(onetFc[1], x), apply(onetFc[2], x), apply(onetFc[3], x));
    }

    private static NDArray flattenTfOrder(NDArray x) {
        return x.transpose(0, 2, 3, 1).reshape(x.getShape().get(0), -1);
    }

    private static StageOutput output(int n, NDArray logits, NDArray reg, NDArray points) {
        float[] l = logits.toFloatArray();
        float[] r = reg.toFloatArray();
        float[] p = points == null ? null : points.toFloatArray();
        float[] prob = new float[n];
        float[][] regs = new float[n][4];
        float[][] pts = p == null ? null : new float[n][10];
        for (int i = 0; i < n; i++) {
            prob[i] = faceProbability(l[2 * i], l[2 * i + 1]);
            System.arraycopy(r, 4 * i, regs[i], 0, 4);
            if (pts != null) {
                System.arraycopy(p, 10 * i, pts[i], 0, 10);
            }
        }
        return new StageOutput(prob, regs, pts);
    }

    /** Softmax of two logits, class 1 (face). */
    private static float faceProbability(float notFace, float face) {
        return (float) (1.0 / (1.0 + Math.exp(notFace - face)));
    }

    @Override
    public void close() {
        weights.close();
    }
}
