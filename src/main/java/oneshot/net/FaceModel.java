package oneshot.net;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;

/**
 * A face network (nn4.small2 or dlib's ResNet) with its weights and manifest: the object every job that embeds faces
 * holds. The manifest tells what the network needs and gives: input size, alignment, distance convention.
 *
 * <p>A model whose manifest lists untrained tensors computes embeddings, but they mean nothing for recognition: callers
 * that verify or identify must call {@link #warnIfUntrained(String)} (or refuse).
 */
public final class FaceModel implements AutoCloseable {
    static {
        EngineDefaults.apply();
    }

    private final Model model;
    private final FaceNetwork net;
    private ModelManifest manifest;

    private FaceModel(Model model, FaceNetwork net, ModelManifest manifest) {
        this.model = model;
        this.net = net;
        this.manifest = manifest;
    }

    /** A fresh network with DJL's default initialisation, ready for weights to be set. */
    public static FaceModel createInitialized(LrnMode lrn) {
        FaceModel m = createUninitialized(lrn, new ModelManifest());
        m.net.block().initialize(m.model.getNDManager(), DataType.FLOAT32, Nn4Small2.INPUT_SHAPE);
        m.manifest.lrnMode = lrn.name().toLowerCase(java.util.Locale.ROOT);
        return m;
    }

    static FaceModel createUninitialized(LrnMode lrn, ModelManifest manifest) {
        return of(new Nn4Small2(lrn), manifest);
    }

    /** A model around any network, its parameters not yet initialised or loaded. */
    public static FaceModel of(FaceNetwork net, ModelManifest manifest) {
        EngineDefaults.loadEngine();
        Model model = Model.newInstance(net.architecture(), Device.cpu(), "PyTorch");
        model.setBlock(net.block());
        return new FaceModel(model, net, manifest);
    }

    public Model model() {
        return model;
    }

    /** The network, whichever it is. */
    public FaceNetwork network() {
        return net;
    }

    /** The nn4.small2 network, for what only it supports (training, layer selection, Keras-OpenFace import). */
    public Nn4Small2 net() {
        if (net instanceof Nn4Small2 n) {
            return n;
        }
        throw new IllegalStateException("model " + modelId() + " is " + net.architecture()
                + "; this step works on nn4.small2 models only");
    }

    /** Side of the square face the network reads (96 for nn4.small2, 150 for dlib's ResNet). */
    public int inputSize() {
        return net.inputSize();
    }

    /** The alignment whose crops this network was trained on (manifest {@code alignment}). */
    public String alignment() {
        return manifest.alignment;
    }

    /** How embeddings of this model are compared (manifest {@code distance}). */
    public String distance() {
        return manifest.distance;
    }

    /** True when the embedder must unit-normalise the network's raw output (dlib's ResNet; nn4.small2 does it inside). */
    public boolean normalisesOutput() {
        return manifest.normaliseOutput;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    void setManifest(ModelManifest manifest) {
        this.manifest = manifest;
    }

    /**
     * Folds BatchNorm into the convs for faster inference (same embeddings within the golden tolerances). The model can
     * no longer be trained or saved afterwards; load a fresh copy for that.
     */
    public FaceModel forInference() {
        net.prepareForInference();
        return this;
    }

    /**
     * A separate copy of this nn4.small2 model, batch norm folded for inference, sharing no arrays with it: runs the
     * frozen layers of a model that is being trained on the fast inference path ({@code oneshot.embed.FrozenPrefix}).
     * The copy shares the manifest object; close it after use.
     */
    public FaceModel inferenceCopy() {
        FaceModel copy = createUninitialized(net().lrnMode(), manifest);
        copy.net.block().initialize(copy.model.getNDManager(), DataType.FLOAT32, Nn4Small2.INPUT_SHAPE);
        var from = net.block().getParameters();
        var to = copy.net.block().getParameters();
        for (int i = 0; i < from.size(); i++) {
            if (!from.get(i).getKey().equals(to.get(i).getKey())) {
                throw new IllegalStateException("parameter order differs at " + from.get(i).getKey());
            }
            to.get(i).getValue().getArray().set(from.get(i).getValue().getArray().toFloatArray());
        }
        return copy.forInference();
    }

    public String modelId() {
        return manifest.modelId;
    }

    /** True when a face's vector is the average of the face's and its mirror image's ({@link ModelManifest#flipAverage}). */
    public boolean flipAverage() {
        return manifest.flipAverage;
    }

    public boolean isFullyTrained() {
        return manifest.isFullyTrained();
    }

    /**
     * Prints a banner to stderr when layers hold no learned weights, naming the use that cannot be trusted.
     *
     * @return true when the model is untrained for some layers
     */
    public boolean warnIfUntrained(String use) {
        if (isFullyTrained()) {
            return false;
        }
        String line = "!".repeat(100);
        System.err.println(line);
        System.err.println("!! WARNING: model " + modelId() + " has " + manifest.untrainedTensors.size()
                + " UNTRAINED layers " + manifest.untrainedTensors);
        System.err.println("!! They were He-initialised at import because the weights folder lacked them. " + use
                + " results from this model are NOT meaningful.");
        System.err.println("!! Recover them with Train (mvn exec:java -Dexec.mainClass=Train), or import a complete weight set.");
        System.err.println(line);
        return true;
    }

    @Override
    public void close() {
        model.close();
    }
}
