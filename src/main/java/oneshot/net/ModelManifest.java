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
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public int formatVersion = FORMAT_VERSION;
    public String modelId;
    public String name;
    public String architecture = Nn4Small2.ARCHITECTURE;
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
        if (!Nn4Small2.ARCHITECTURE.equals(m.architecture)) {
            throw new WeightFileException(file, "describes architecture '" + m.architecture + "', this build runs "
                    + Nn4Small2.ARCHITECTURE);
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
