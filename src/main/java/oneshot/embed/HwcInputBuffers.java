package oneshot.embed;

import oneshot.net.ChannelsLast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One reusable direct buffer per thread for a forward pass's input, filled interleaved H,W,C (channels-last, see
 * {@link ChannelsLast}). Creating arrays from a float[] makes the engine allocate a new direct buffer per batch, which
 * only the garbage collector frees: measured +108 kB per image of native memory until a GC happened to run
 * (docs/benchmarks.md). One buffer per thread, refilled, keeps native memory flat.
 */
final class HwcInputBuffers {
    private final ThreadLocal<ByteBuffer> buffers = new ThreadLocal<>();
    private final int size;
    private final int values;
    private final int typicalFaces;

    /** @param typicalFaces faces the first buffer of a thread holds at least (the batch size) */
    HwcInputBuffers(int size, int typicalFaces) {
        this.size = size;
        this.values = FaceTensor.values(size);
        this.typicalFaces = typicalFaces;
    }

    /** Faces {@code [from, from + n)} of {@code chw} (n x 3 x size x size) in this thread's buffer, H,W,C. */
    ByteBuffer fill(float[] chw, int from, int n) {
        int bytes = n * values * Float.BYTES;
        ByteBuffer buf = buffers.get();
        if (buf == null || buf.capacity() < bytes) {
            buf = ByteBuffer.allocateDirect(Math.max(bytes, typicalFaces * values * Float.BYTES))
                    .order(ByteOrder.nativeOrder());
            buffers.set(buf);
        }
        ByteBuffer view = buf.slice(0, bytes).order(ByteOrder.nativeOrder());
        ChannelsLast.putAsHwc(chw, from, n, size * size, view.asFloatBuffer());
        return view;
    }
}
