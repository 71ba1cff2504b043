package oneshot.net;

import com.google.gson.Gson;
import oneshot.io.AtomicFiles;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a saved model is and where each tensor came from. Stored as {@code <name>.json} beside {@code <name>-0000.params}.
 *
 * <p>{@code untrainedTensors} lists the tensors that hold no learned values (He-initialised at import because the source
 * lacked them); a model with any is not fit for verification or recognition until training clears the list.
 */
public final class ModelManifest {
    public static final int FORMAT_VERSION = 1;
    public static final String NN4_ALIGNMENT = "dlib-3point";
    /** The project's convention: squared Euclidean distance between unit vectors, in [0, 4]. */
    public static final String SQUARED_L2_UNIT = "squared-l2 of unit vectors";
    /** Architectures this build can run. */
    public static final java.util.Set<String> ARCHITECTURES = java.util.Set.of(Nn4Small2.ARCHITECTURE,
            oneshot.net.dlib.FaceRecognitionNet.ARCHITECTURE);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public int formatVersion = FORMAT_VERSION;
    public String modelId;
    public String name;
    public String architecture = Nn4Small2.ARCHITECTURE;
    /** Side of the square input face; manifests written before it was recorded are nn4.small2's 96. */
    public int inputSize = 96;
    /** The alignment the network expects: {@value #NN4_ALIGNMENT} (OpenFace) or {@code dlib-chip-150}. */
    public String alignment = NN4_ALIGNMENT;
    /** How two stored embeddings are compared. */
    public String distance = SQUARED_L2_UNIT;
    /** The embedder unit-normalises the network's raw output before storing it (false: the network does, or raw). */
    public boolean normaliseOutput;
    /**
     * The embedder averages each face's vector with its mirror image's and renormalises (test-time flip): +0.010 LFW
     * accuracy for the teacher-trained nn4.small2 (docs/training.md, eighth round) at twice the inference. Part of
     * the model id, since every vector changes; false in manifests written before it existed.
     */
    public boolean flipAverage;
    public String lrnMode = LrnMode.TORCH.name().toLowerCase(java.util.Locale.ROOT);
    public String parametersFile;
    public String parametersSha256;
    public long trainableParameters = Nn4Small2.TRAINABLE_PARAMETERS;
    public String sourceKind;
    public String sourceFolder;
    /** sha256 of every CSV read, by tensor name. */
    public Map<String, String> sourceSha256 = new LinkedHashMap<>();
    public List<String> missingTensors = new ArrayList<>();
    public List<String> untrainedTensors = new ArrayList<>();
    public Long heInitSeed;
    public String createdAt;
    /** Import and training steps that produced these weights, oldest first. */
    public List<Map<String, Object>> history = new ArrayList<>();

    public boolean isFullyTrained() {
        return untrainedTensors == null || untrainedTensors.isEmpty();
    }

    public LrnMode lrn() {
        return LrnMode.parse(lrnMode);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static ModelManifest read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        ModelManifest m;
        try {
            m = GSON.fromJson(text, ModelManifest.class);
        } catch (JsonParseException e) {
            throw new WeightFileException(file, "is not a OneShot model manifest (" + oneshot.io.JsonErrors.describe(e) + ")", e);
        }
        if (m == null || m.architecture == null || m.parametersSha256 == null) {
            throw new WeightFileException(file, "is not a OneShot model manifest (architecture or parametersSha256 missing)");
        }
        if (!ARCHITECTURES.contains(m.architecture)) {
            throw new WeightFileException(file, "describes architecture '" + m.architecture + "', this build runs "
                    + new java.util.TreeSet<>(ARCHITECTURES));
        }
        if (m.formatVersion > FORMAT_VERSION) {
            throw new WeightFileException(file, "manifest format " + m.formatVersion + " is newer than this build reads ("
                    + FORMAT_VERSION + ")");
        }
        return m;
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson() + "\n");
    }
}
