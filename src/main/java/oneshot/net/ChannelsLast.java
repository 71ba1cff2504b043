package oneshot.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;

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
        int plane = height * width;
        for (int i = 0; i < n; i++) {
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                hwc[base + 3 * p] = chw[base + p];
                hwc[base + 3 * p + 1] = chw[base + plane + p];
                hwc[base + 3 * p + 2] = chw[base + 2 * plane + p];
            }
        }
        return hwc;
    }
}
