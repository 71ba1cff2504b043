package oneshot.embed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import oneshot.net.ChannelsLast;
import oneshot.net.FaceModel;

import java.util.List;

/**
 * The first stages of a face network on the inference path that {@link FaceEmbedder} uses (batch norm folded,
 * channels-last, chunks on the single-threaded {@link InferenceWorkers}): the frozen prefix whose output training
 * caches. Torch's own two threads with the training model's layers ran it at 89 img/s where this path embeds the
 * whole network at 228 faces/s (Intel Xeon, docs/training.md).
 */
public final class FrozenPrefix {
    /** Faces a worker takes at a time (as {@link FaceEmbedder#MAX_CHUNK}). */
    private static final int MAX_CHUNK = FaceEmbedder.MAX_CHUNK;

    private final FaceModel model;
    private final Block prefix;
    private final HwcInputBuffers inputs;
    private final int size;

    /**
     * @param inferenceModel a model prepared for inference ({@link FaceModel#inferenceCopy()}), owned by the caller
     * @param stages how many of the network's top-level stages to run (at least 1)
     */
    public FrozenPrefix(FaceModel inferenceModel, int stages) {
        List<Block> all = LendingView.of(inferenceModel.network(), InferenceWorkers.BRANCH_HELPER).getChildren().values();
        if (stages < 1 || stages > all.size()) {
            throw new IllegalArgumentException("stages must be in 1.." + all.size() + ", got " + stages);
        }
        SequentialBlock s = new SequentialBlock();
        s.addAll(all.subList(0, stages));
        this.model = inferenceModel;
        this.prefix = s;
        this.size = inferenceModel.inputSize();
        this.inputs = new HwcInputBuffers(size, MAX_CHUNK);
    }

    /**
     * The prefix's output for {@code n} faces in network layout (n x 3 x S x S, values in [0,1]), flat, in the
     * logical N,C,H,W order whatever the memory layout Torch chose.
     */
    public float[] outputs(float[] chw, int n) {
        List<float[]> parts = InferenceWorkers.inChunks(n, MAX_CHUNK, (from, len) -> forward(chw, from, len));
        int total = 0;
        for (float[] p : parts) {
            total += p.length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private float[] forward(float[] chw, int from, int n) {
        try (NDManager mgr = model.model().getNDManager().newSubManager()) {
            NDArray x = ChannelsLast.input(mgr, inputs.fill(chw, from, n), n, size, size);
            NDList y = prefix.forward(new ParameterStore(mgr, false), new NDList(x), false);
            return y.singletonOrThrow().toFloatArray();
        }
    }
}
