package oneshot.net.dlib;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import oneshot.io.AtomicFiles;
import oneshot.net.WeightFileException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a face-api.js weights folder ({@code face_recognition_model-weights_manifest.json} plus the shard(s) it names)
 * into tensor name -> float32 values in TensorFlow layout, validated: byte count against the manifest, shapes, NaN/Inf,
 * unknown and missing tensors, each refused with the file and the tensor named.
 *
 * <p>Dequantisation is tfjs's {@code decodeWeights}: {@code value = q * scale + min} computed in double (JavaScript
 * numbers) and stored as float32.
 */
public final class FaceApiWeights {
    public static final String MANIFEST = "face_recognition_model-weights_manifest.json";

    /** Tensors by manifest name (TF layout), the sha256 of every file read, and the folder. */
    public record Result(Map<String, float[]> values, Map<String, String> sha256, Path folder) {}

    private FaceApiWeights() {}

    /** @param expected tensor name -> TF shape, in the order the network needs them */
    public static Result read(Path folder, Map<String, int[]> expected) throws IOException {
        Path manifestFile = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new WeightFileException(manifestFile, "not found: not a face-api.js FaceRecognitionNet weights folder");
        }
        byte[] manifestBytes = Files.readAllBytes(manifestFile);
        List<Entry> entries = new ArrayList<>();
        List<Path> shards = new ArrayList<>();
        parseManifest(manifestFile, new String(manifestBytes, StandardCharsets.UTF_8), folder, entries, shards);

        Map<String, String> sha = new LinkedHashMap<>();
        sha.put(MANIFEST, AtomicFiles.sha256(manifestBytes));
        ByteBuffer data = concatShards(shards, sha);
        long needed = entries.stream().mapToLong(Entry::bytes).sum();
        Path shardName = shards.size() == 1 ? shards.get(0) : folder;
        if (data.remaining() != needed) {
            throw new WeightFileException(shardName, "holds " + data.remaining() + " bytes, the manifest's " + entries.size()
                    + " tensors need " + needed + ": truncated, padded or not the file the manifest describes");
        }

        Map<String, float[]> values = new LinkedHashMap<>();
        for (Entry e : entries) {
            int[] want = expected.get(e.name);
            if (want == null) {
                throw new WeightFileException(manifestFile, "lists tensor '" + e.name + "', which FaceRecognitionNet does not have");
            }
            if (!Arrays.equals(want, e.shape)) {
                throw new WeightFileException(manifestFile, "tensor '" + e.name + "' has shape " + Arrays.toString(e.shape)
                        + ", FaceRecognitionNet needs " + Arrays.toString(want));
            }
            if (values.containsKey(e.name)) {
                throw new WeightFileException(manifestFile, "lists tensor '" + e.name + "' twice");
            }
            float[] v = e.decode(data);
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new WeightFileException(shardName, "tensor '" + e.name + "' value " + i + " is " + v[i]);
                }
            }
            values.put(e.name, v);
        }
        List<String> missing = expected.keySet().stream().filter(n -> !values.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new WeightFileException(manifestFile, "lacks " + missing.size() + " tensors of FaceRecognitionNet: " + missing);
        }
        return new Result(values, sha, folder);
    }

    /** One manifest entry: float32 (4 bytes per value) or uint8 with min and scale. */
    private record Entry(String name, int[] shape, boolean quantised, double min, double scale) {
        long size() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        long bytes() {
            return quantised ? size() : 4 * size();
        }

        float[] decode(ByteBuffer data) {
            float[] v = new float[(int) size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = quantised ? (float) ((data.get() & 0xff) * scale + min) : data.getFloat();
            }
            return v;
        }
    }

    private static void parseManifest(Path file, String text, Path folder, List<Entry> entries, List<Path> shards) {
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonArray()) {
                throw new WeightFileException(file, "is not a tfjs weights manifest (expected a JSON array of groups)");
            }
            for (JsonElement g : root.getAsJsonArray()) {
                JsonObject group = g.getAsJsonObject();
                for (JsonElement p : group.getAsJsonArray("paths")) {
                    shards.add(folder.resolve(p.getAsString()));
                }
                JsonArray weights = group.getAsJsonArray("weights");
                for (JsonElement w : weights) {
                    entries.add(entry(file, w.getAsJsonObject()));
                }
            }
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new WeightFileException(file, "is not a valid tfjs weights manifest: " + e, e);
        }
    }

    private static Entry entry(Path file, JsonObject w) {
        String name = w.get("name").getAsString();
        JsonArray dims = w.getAsJsonArray("shape");
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).getAsInt();
        }
        String dtype = w.get("dtype").getAsString();
        if (!dtype.equals("float32")) {
            throw new WeightFileException(file, "tensor '" + name + "' has dtype " + dtype + ", only float32 is read");
        }
        JsonObject q = w.getAsJsonObject("quantization");
        if (q == null) {
            return new Entry(name, shape, false, 0, 0);
        }
        String qType = q.get("dtype").getAsString();
        if (!qType.equals("uint8") || !q.has("min") || !q.has("scale")) {
            throw new WeightFileException(file, "tensor '" + name + "' has quantization " + q + ", only uint8 with min and"
                    + " scale is read");
        }
        return new Entry(name, shape, true, q.get("min").getAsDouble(), q.get("scale").getAsDouble());
    }

    private static ByteBuffer concatShards(List<Path> shards, Map<String, String> sha) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (Path s : shards) {
            if (!Files.isRegularFile(s)) {
                throw new WeightFileException(s, "not found: the manifest names it as a weights shard");
            }
            byte[] b = Files.readAllBytes(s);
            sha.put(s.getFileName().toString(), AtomicFiles.sha256(b));
            parts.add(b);
            total += b.length;
        }
        ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        parts.forEach(all::put);
        return all.flip();
    }
}
