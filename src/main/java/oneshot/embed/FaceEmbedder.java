package oneshot.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import oneshot.concurrent.BranchHelper;
import oneshot.image.RgbImage;
import oneshot.net.ChannelsLast;
import oneshot.net.FaceModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Aligned faces (96x96 for nn4.small2, 150x150 dlib chips for dlib's ResNet: the model's input size) to 128-d unit
 * vectors, in batches. A model whose network gives raw vectors ({@link FaceModel#normalisesOutput()}) is
 * unit-normalised here.
 *
 * <p>A batch is cut into chunks of at most {@link #MAX_CHUNK} faces that the process's single-threaded inference workers
 * share (one per core, {@link InferenceWorkers}): a single face runs on one core without waking the other, a large batch
 * keeps every core busy.
 *
 * <p>Without Torch threads, faces run through a {@link LendingView} of the network (its own layers, built once here):
 * an idle worker takes inception branches and conv halves of a single face.
 *
 * <p>Safe to share between threads: each thread gets its own parameter store and its own per-batch native memory scope,
 * which is released after every batch so memory does not grow over a long run. Torch's grad mode is thread-local, so it
 * is switched off in every thread that embeds (else each forward would record an autograd graph).
 */
public final class FaceEmbedder {
    private static final Logger LOG = LoggerFactory.getLogger(FaceEmbedder.class);

    /** Largest share of a batch one worker takes at a time: single-threaded Torch peaks near 16 (docs/benchmarks.md). */
    static final int MAX_CHUNK = 16;

    private final FaceModel model;
    private final int batchSize;
    private final boolean torchThreads;
    /** The network's block, or the lending view of it that runs on the inference workers. */
    private final Block forwardBlock;
    private final ThreadLocal<Boolean> threadReady = ThreadLocal.withInitial(() -> false);
    private final AtomicLong resized = new AtomicLong();
    private final HwcInputBuffers inputs;
    private final int size;
    private final int values;

    /** Batches are cut into chunks that the process's single-threaded {@link InferenceWorkers} share. */
    public FaceEmbedder(FaceModel model, int batchSize) {
        this(model, batchSize, false);
    }

    /**
     * @param torchThreads run each batch whole in the calling thread on Torch's own intra-op threads instead (the
     *     engine's default, kept for comparison: slower at batch 1 and on a busy machine, docs/benchmarks.md).
     */
    public FaceEmbedder(FaceModel model, int batchSize, boolean torchThreads) {
        this(model, batchSize, torchThreads, InferenceWorkers.BRANCH_HELPER);
    }

    /** On the inference workers, lending to {@code helper} instead of the idle workers (tests count what is lent). */
    FaceEmbedder(FaceModel model, int batchSize, BranchHelper helper) {
        this(model, batchSize, false, helper);
    }

    private FaceEmbedder(FaceModel model, int batchSize, boolean torchThreads, BranchHelper helper) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.model = model;
        this.batchSize = batchSize;
        this.torchThreads = torchThreads;
        this.size = model.inputSize();
        this.values = FaceTensor.values(size);
        this.inputs = new HwcInputBuffers(size, batchSize);
        this.forwardBlock = torchThreads ? model.network().block() : LendingView.of(model.network(), helper);
    }

    public FaceModel model() {
        return model;
    }

    /** The process's single-threaded inference workers, lent to other work when idle (MTCNN's pyramid levels). */
    public static BranchHelper idleInferenceThreads() {
        return InferenceWorkers.BRANCH_HELPER;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The side of the faces this embedder reads (the model's input size). */
    public int inputSize() {
        return size;
    }

    /**
     * Faces not of the model's input size are not aligned: they get {@link UnalignedFace}'s stand-in crop, with a warning
     * and a count ({@link #resizedCount}); real alignment should have produced that size.
     */
    public float[][] embed(List<RgbImage> faces) {
        float[][] out = new float[faces.size()][];
        for (int start = 0; start < faces.size(); start += batchSize) {
            int n = Math.min(batchSize, faces.size() - start);
            float[] chw = new float[n * values];
            for (int i = 0; i < n; i++) {
                FaceTensor.write(toInputSize(faces.get(start + i)), size, chw, i * values);
            }
            float[][] batch = embedTensors(chw, n);
            System.arraycopy(batch, 0, out, start, n);
        }
        return out;
    }

    public float[] embed(RgbImage face) {
        return embed(List.of(face))[0];
    }

    /**
     * {@code n} faces already in network layout (n x 3 x S x S, S the input size, values in [0,1]). A model with
     * {@link FaceModel#flipAverage()} embeds each face and its mirror image and keeps their renormalised mean.
     */
    public float[][] embedTensors(float[] chw, int n) {
        if (!model.flipAverage()) {
            return embedOnce(chw, n);
        }
        // faces and mirror images in one batch, so even a single face keeps both workers busy
        float[] both = new float[2 * n * values];
        System.arraycopy(chw, 0, both, 0, n * values);
        System.arraycopy(FaceTensor.mirrored(chw, n, size), 0, both, n * values, n * values);
        float[][] all = embedOnce(both, 2 * n);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = all[i];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] += all[n + i][j];
            }
            unitNormalise(out[i]);
        }
        return out;
    }

    private float[][] embedOnce(float[] chw, int n) {
        if (torchThreads) {
            return forward(chw, 0, n);
        }
        // conv halves of a single face are still lent to an idle inference worker (LendingView)
        float[][] out = new float[n][];
        int at = 0;
        for (float[][] part : InferenceWorkers.inChunks(n, MAX_CHUNK, (from, len) -> forward(chw, from, len))) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** One forward pass over faces {@code [from, from + n)} of {@code chw}, in the calling thread. */
    private float[][] forward(float[] chw, int from, int n) {
        prepareThread();
        try (NDManager mgr = model.model().getNDManager().newSubManager()) {
            NDArray x = ChannelsLast.input(mgr, inputs.fill(chw, from, n), n, size, size);
            NDList y = forwardBlock.forward(new ParameterStore(mgr, false), new NDList(x), false);
            float[] flat = y.singletonOrThrow().toFloatArray();
            int dim = model.network().embeddingSize();
            float[][] out = new float[n][dim];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * dim, out[i], 0, dim);
                if (model.normalisesOutput()) {
                    unitNormalise(out[i]);
                }
            }
            return out;
        }
    }

    /** v / |v| (as nn4.small2's last layer: x / max(|x|, 1e-10)). */
    static void unitNormalise(float[] v) {
        double sq = 0;
        for (float f : v) {
            sq += (double) f * f;
        }
        double norm = Math.max(Math.sqrt(sq), 1e-10);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }

    /** How many inputs were not of the input size (and got {@link UnalignedFace}'s crop) so far. */
    public long resizedCount() {
        return resized.get();
    }

    private void prepareThread() {
        if (!threadReady.get()) {
            JniUtils.setGradMode(false);
            threadReady.set(true);
        }
    }

    private RgbImage toInputSize(RgbImage face) {
        if (!UnalignedFace.isAligned(face, size) && resized.getAndIncrement() == 0) {
            LOG.warn("input face is {}x{}, not {}x{}: taking the {} stand-in for alignment. Align faces first for faithful embeddings.",
                    face.width(), face.height(), size, size, UnalignedFace.RULE);
        }
        return UnalignedFace.toInputSize(face, size);
    }
}
