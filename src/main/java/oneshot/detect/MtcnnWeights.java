package oneshot.detect;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MTCNN weights as published by face-api.js: one raw little-endian float32 shard, tensors laid end to end in the
 * order of the manifest (TensorFlow layouts: conv {@code [kh, kw, in, out]}, fc {@code [in, out]}, PReLU {@code [c]}).
 */
public final class MtcnnWeights {
    static final String SHARD = "mtcnn_model-shard1";
    static final String MANIFEST = "mtcnn_model-weights_manifest.json";

    /** One tensor: its TF shape and values. */
    public record Tensor(String name, int[] shape, float[] values) {}

    private final Map<String, Tensor> tensors;

    private MtcnnWeights(Map<String, Tensor> tensors) {
        this.tensors = tensors;
    }

    public static MtcnnWeights load(Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        Path shard = dir.resolve(SHARD);
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(shard)) {
            throw new IllegalArgumentException("MTCNN weights folder " + dir + " must hold " + MANIFEST + " and " + SHARD);
        }
        JsonArray groups;
        try (Reader r = Files.newBufferedReader(manifest)) {
            groups = JsonParser.parseReader(r).getAsJsonArray();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse MTCNN manifest " + manifest + ": " + e.getMessage(), e);
        }
        ByteBuffer buf;
        try {
            buf = ByteBuffer.wrap(Files.readAllBytes(shard)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read MTCNN shard " + shard + ": " + e.getMessage(), e);
        }
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (JsonElement g : groups) {
            for (JsonElement we : g.getAsJsonObject().getAsJsonArray("weights")) {
                JsonObject w = we.getAsJsonObject();
                String name = w.get("name").getAsString();
                if (!"float32".equals(w.get("dtype").getAsString())) {
                    throw new IllegalArgumentException(manifest + ": tensor " + name + " is not float32");
                }
                JsonArray s = w.getAsJsonArray("shape");
                int[] shape = new int[s.size()];
                int n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = s.get(i).getAsInt();
                    n *= shape[i];
                }
                if (buf.remaining() < n * 4) {
                    throw new IllegalArgumentException("MTCNN shard " + shard + " is truncated: tensor " + name + " needs "
                            + n * 4 + " bytes, " + buf.remaining() + " left");
                }
                float[] v = new float[n];
                buf.asFloatBuffer().get(v);
                buf.position(buf.position() + n * 4);
                map.put(name, new Tensor(name, shape, v));
            }
        }
        if (buf.remaining() != 0) {
            throw new IllegalArgumentException("MTCNN shard " + shard + " has " + buf.remaining()
                    + " bytes beyond the tensors its manifest lists");
        }
        return new MtcnnWeights(map);
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("MTCNN weights lack tensor " + name);
        }
        return t;
    }

    public int size() {
        return tensors.size();
    }

    public long parameterCount() {
        return tensors.values().stream().mapToLong(t -> t.values().length).sum();
    }
}
