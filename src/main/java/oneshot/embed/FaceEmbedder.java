package oneshot.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import oneshot.image.RgbImage;
import oneshot.net.FaceModel;
import oneshot.net.Nn4Small2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.RenderingHints;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Aligned 96x96 RGB faces to 128-d unit vectors, in batches.
 *
 * <p>Safe to share between threads: each thread gets its own parameter store and its own per-batch native memory scope,
 * which is released after every batch so memory does not grow over a long run. Torch's grad mode is thread-local, so it
 * is switched off in every thread that embeds (else each forward would record an autograd graph).
 */
public final class FaceEmbedder {
    private static final Logger LOG = LoggerFactory.getLogger(FaceEmbedder.class);

    /** Smallest share of a batch worth a worker of its own. */
    private static final int MIN_CHUNK = 4;

    private final FaceModel model;
    private final int batchSize;
    private final int workers;
    private volatile ExecutorService pool;
    private final ThreadLocal<Boolean> threadReady = ThreadLocal.withInitial(() -> false);
    private final AtomicLong resized = new AtomicLong();
    private final ThreadLocal<ByteBuffer> inputs = new ThreadLocal<>();

    /** Each batch runs in the calling thread, on Torch's intra-op threads. */
    public FaceEmbedder(FaceModel model, int batchSize) {
        this(model, batchSize, 1);
    }

    /**
     * @param workers threads a batch of 8 or more is split across, each running Torch single-threaded; smaller batches
     *     run in the calling thread with the engine's own threads. 1 (the default) turns the split off: on 2 cores the
     *     split measured slower than Torch's own 2 threads at batch 64 (216 against 264 images/s, docs/benchmarks.md).
     */
    public FaceEmbedder(FaceModel model, int batchSize, int workers) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.workers = workers;
    }

    public FaceModel model() {
        return model;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Faces not 96x96 are resized (bilinear) with a warning: real alignment should have produced 96x96. */
    public float[][] embed(List<RgbImage> faces) {
        float[][] out = new float[faces.size()][];
        for (int start = 0; start < faces.size(); start += batchSize) {
            int n = Math.min(batchSize, faces.size() - start);
            float[] chw = new float[n * FaceTensor.VALUES];
            for (int i = 0; i < n; i++) {
                FaceTensor.write(to96(faces.get(start + i)), chw, i * FaceTensor.VALUES);
            }
            float[][] batch = embedTensors(chw, n);
            System.arraycopy(batch, 0, out, start, n);
        }
        return out;
    }

    public float[] embed(RgbImage face) {
        return embed(List.of(face))[0];
    }

    /** {@code n} faces already in network layout (n x 3 x 96 x 96, values in [0,1]). */
    public float[][] embedTensors(float[] chw, int n) {
        int chunks = Math.min(workers, n / MIN_CHUNK);
        if (chunks <= 1) {
            return forward(chw, 0, n);
        }
        ExecutorService p = pool();
        List<Future<float[][]>> parts = new ArrayList<>(chunks);
        int start = 0;
        for (int c = 0; c < chunks; c++) {
            int len = n / chunks + (c < n % chunks ? 1 : 0);
            int from = start;
            parts.add(p.submit(() -> {
                prepareWorker();
                return forward(chw, from, len);
            }));
            start += len;
        }
        float[][] out = new float[n][];
        int at = 0;
        for (Future<float[][]> f : parts) {
            float[][] part = getUninterruptibly(f);
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** One forward pass over faces {@code [from, from + n)} of {@code chw}, in the calling thread. */
    private float[][] forward(float[] chw, int from, int n) {
        prepareThread();
        try (NDManager mgr = model.model().getNDManager().newSubManager()) {
            NDArray x = mgr.create(inputBuffer(chw, from, n), new Shape(n, 3, FaceTensor.SIZE, FaceTensor.SIZE), DataType.FLOAT32);
            NDList y = model.net().block().forward(new ParameterStore(mgr, false), new NDList(x), false);
            float[] flat = y.singletonOrThrow().toFloatArray();
            float[][] out = new float[n][Nn4Small2.EMBEDDING_SIZE];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * Nn4Small2.EMBEDDING_SIZE, out[i], 0, Nn4Small2.EMBEDDING_SIZE);
            }
            return out;
        }
    }

    /**
     * The batch in this thread's reusable direct buffer. Creating arrays from a float[] makes the engine allocate a new
     * direct buffer per batch, which only the garbage collector frees: measured +108 kB per image of native memory
     * until a GC happened to run (docs/benchmarks.md). One buffer per thread, refilled, keeps native memory flat.
     */
    private ByteBuffer inputBuffer(float[] chw, int from, int n) {
        int bytes = n * FaceTensor.VALUES * Float.BYTES;
        ByteBuffer buf = inputs.get();
        if (buf == null || buf.capacity() < bytes) {
            buf = ByteBuffer.allocateDirect(Math.max(bytes, batchSize * FaceTensor.VALUES * Float.BYTES))
                    .order(ByteOrder.nativeOrder());
            inputs.set(buf);
        }
        ByteBuffer view = buf.slice(0, bytes).order(ByteOrder.nativeOrder());
        view.asFloatBuffer().put(chw, from * FaceTensor.VALUES, n * FaceTensor.VALUES);
        return view;
    }

    /** How many inputs had to be resized to 96x96 so far. */
    public long resizedCount() {
        return resized.get();
    }

    private ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(workers, r -> {
                        Thread t = new Thread(r, "embed-worker");
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }

    /** Torch's thread count is per calling thread (OpenMP): workers run single-threaded, the caller keeps its own. */
    private void prepareWorker() {
        if (!threadReady.get()) {
            JniUtils.setNumThreads(1);
        }
        prepareThread();
    }

    private static float[][] getUninterruptibly(Future<float[][]> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void prepareThread() {
        if (!threadReady.get()) {
            JniUtils.setGradMode(false);
            threadReady.set(true);
        }
    }

    private RgbImage to96(RgbImage face) {
        if (face.width() == FaceTensor.SIZE && face.height() == FaceTensor.SIZE) {
            return face;
        }
        if (resized.getAndIncrement() == 0) {
            LOG.warn("input face is {}x{}, not 96x96: resizing (bilinear). Align faces first for faithful embeddings.",
                    face.width(), face.height());
        }
        BufferedImage dst = new BufferedImage(FaceTensor.SIZE, FaceTensor.SIZE, BufferedImage.TYPE_INT_RGB);
        var g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(face.toBufferedImage(), 0, 0, FaceTensor.SIZE, FaceTensor.SIZE, null);
        g.dispose();
        return RgbImage.of(dst);
    }
}
