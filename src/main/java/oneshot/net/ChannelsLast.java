package oneshot.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Channels-last input for the inference model. Torch picks its channels-last kernels when an N,C,H,W array is stored as
 * N,H,W,C: convolutions then skip their per-call layout reorders and pooling runs along contiguous channels. A transposed
 * view is enough, and every later op keeps the layout (measured twice as fast, docs/benchmarks.md).
 */
public final class ChannelsLast {
    private ChannelsLast() {}

    /** {@code hwc}: n faces as H,W,C float32 (R, G, B interleaved, as images are stored). Returns an N,C,H,W view. */
    public static NDArray input(NDManager mgr, ByteBuffer hwc, int n, int height, int width) {
        return mgr.create(hwc, new Shape(n, height, width, 3), DataType.FLOAT32).transpose(0, 3, 1, 2);
    }

    /** Same from a float array. */
    public static NDArray input(NDManager mgr, float[] hwc, int n, int height, int width) {
        return mgr.create(hwc, new Shape(n, height, width, 3)).transpose(0, 3, 1, 2);
    }

    /** CHW planes to HWC interleaved, for callers holding the channels-first format. */
    public static float[] fromChw(float[] chw, int n, int height, int width) {
        float[] hwc = new float[chw.length];
        putAsHwc(chw, 0, n, height * width, FloatBuffer.wrap(hwc));
        return hwc;
    }

    /**
     * Writes images {@code [from, from + n)} of {@code chw} (3 planes of {@code plane} values each) into {@code dst}
     * from its start, interleaved H,W,C.
     */
    public static void putAsHwc(float[] chw, int from, int n, int plane, FloatBuffer dst) {
        for (int i = 0; i < n; i++) {
            int src = (from + i) * 3 * plane;
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                dst.put(base + 3 * p, chw[src + p]);
                dst.put(base + 3 * p + 1, chw[src + plane + p]);
                dst.put(base + 3 * p + 2, chw[src + 2 * plane + p]);
            }
        }
    }

    /**
     * A conv kernel given OIHW, stored O,H,W,I in memory and seen as O,I,H,W: Torch's channels-last convolution then
     * never copies it per call.
     */
    public static NDArray convWeight(NDManager mgr, float[] oihw, int out, int in, int k) {
        float[] ohwi = new float[oihw.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        ohwi[((o * k + y) * k + x) * in + i] = oihw[((o * in + i) * k + y) * k + x];
                    }
                }
            }
        }
        return mgr.create(ohwi, new Shape(out, k, k, in)).transpose(0, 3, 1, 2);
    }
}
