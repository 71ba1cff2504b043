package oneshot.net.dlib;

import ai.djl.ndarray.types.DataType;
import oneshot.SharedData;
import oneshot.net.FaceModel;
import oneshot.net.ModelManifest;
import oneshot.net.ModelStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * face-api.js weights folder -> a saved {@code dlib-resnet34} model ({@link ModelStore}: params + manifest, sha256
 * checked at load). TF layouts become DJL's: conv filters [kh, kw, in, out] -> [out, in, kh, kw], fc [256, 128] ->
 * [128, 256].
 */
public final class DlibImport {
    /** The model's name in weights/. */
    public static final String NAME = "dlib-resnet34";
    /** The alignment the network was trained on: dlib's get_face_chip_details(shape, 150, 0.25). */
    public static final String ALIGNMENT = "dlib-chip-150";
    /** Parameters: 5,614,592 values in the face-api.js shard. */
    public static final long PARAMETERS = 5_614_592L;

    private DlibImport() {}

    /** {@code ../shared/weights/dlib-resnet34}. */
    public static Path defaultSource() {
        return SharedData.resolve("weights/" + NAME);
    }

    /** Reads, validates and converts {@code source}; the model is initialised, not yet saved. */
    public static FaceModel read(Path source) throws IOException {
        FaceRecognitionNet net = new FaceRecognitionNet();
        FaceApiWeights.Result r = FaceApiWeights.read(source, expectedShapes(net));
        ModelManifest mf = new ModelManifest();
        FaceModel m = FaceModel.of(net, mf);
        try {
            net.block().initialize(m.model().getNDManager(), DataType.FLOAT32, net.inputShape());
            for (ScaledConv c : net.convs().values()) {
                c.weight().getArray().set(hwioToOihw(r.values().get(c.name() + "/conv/filters"), c.kernel(), c.inChannels(),
                        c.outChannels()));
                c.bias().getArray().set(r.values().get(c.name() + "/conv/bias"));
                c.scaleWeight().getArray().set(r.values().get(c.name() + "/scale/weights"));
                c.scaleBias().getArray().set(r.values().get(c.name() + "/scale/biases"));
            }
            net.fc().getParameters().get("weight").getArray().set(transpose(r.values().get("fc"), 256, EMBEDDING));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        describe(mf, r);
        return m;
    }

    private static final int EMBEDDING = FaceRecognitionNet.EMBEDDING_SIZE;

    /** Imports {@code source} and saves it as {@code dir/name}; returns the model (caller closes). */
    public static FaceModel importInto(Path source, Path dir, String name) throws IOException {
        FaceModel m = read(source);
        try {
            ModelStore.save(m, dir, name);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private static void describe(ModelManifest mf, FaceApiWeights.Result r) {
        mf.architecture = FaceRecognitionNet.ARCHITECTURE;
        mf.inputSize = FaceRecognitionNet.INPUT_SIZE;
        mf.alignment = ALIGNMENT;
        // Stored unit-normalised, compared by squared L2 like nn4.small2 (docs/dlib-resnet34.md: the measurement).
        mf.distance = ModelManifest.SQUARED_L2_UNIT;
        mf.normaliseOutput = true;
        mf.lrnMode = null;
        mf.trainableParameters = PARAMETERS;
        mf.sourceKind = "face-api.js FaceRecognitionNet (tfjs manifest, uint8-quantised shard)";
        mf.sourceFolder = r.folder().toAbsolutePath().normalize().toString();
        mf.sourceSha256 = new LinkedHashMap<>(r.sha256());
        mf.createdAt = Instant.now().toString();
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", "import");
        step.put("source", mf.sourceFolder);
        step.put("distance", "stored unit-normalised, compared by squared L2 (the project's convention; dlib's own is raw"
                + " Euclidean, threshold 0.6). Measured: LFW View 2 0.9765 unit vs 0.9733 raw (field notes); golden bbt"
                + " 780 pairs AUC 0.99959 unit vs 1.00000 raw. docs/dlib-resnet34.md");
        step.put("at", mf.createdAt);
        mf.history.add(step);
    }

    /** Every tensor the network reads, with its TF shape, in network order. */
    static Map<String, int[]> expectedShapes(FaceRecognitionNet net) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (ScaledConv c : net.convs().values()) {
            shapes.put(c.name() + "/conv/filters", new int[] {c.kernel(), c.kernel(), c.inChannels(), c.outChannels()});
            shapes.put(c.name() + "/conv/bias", new int[] {c.outChannels()});
            shapes.put(c.name() + "/scale/weights", new int[] {c.outChannels()});
            shapes.put(c.name() + "/scale/biases", new int[] {c.outChannels()});
        }
        shapes.put("fc", new int[] {256, EMBEDDING});
        return shapes;
    }

    /** [kh, kw, in, out] to [out, in, kh, kw]. */
    static float[] hwioToOihw(float[] hwio, int k, int in, int out) {
        float[] oihw = new float[hwio.length];
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        oihw[((o * in + i) * k + y) * k + x] = hwio[((y * k + x) * in + i) * out + o];
                    }
                }
            }
        }
        return oihw;
    }

    /** rows x cols to cols x rows. */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
