package oneshot.embed;

import oneshot.io.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of an unfinished embedding run, appended line by line. A crash can leave a last line half-written: rows that do
 * not parse completely are dropped on reopen and recomputed. Rows from another model are refused.
 */
public final class PartialEmbeddings implements AutoCloseable {
    private static final String MODEL_PREFIX = "# model=";

    private final Path file;
    private final String modelId;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, float[]> vectors = new LinkedHashMap<>();
    private final BufferedWriter writer;

    private PartialEmbeddings(Path file, String modelId) throws IOException {
        this.file = file;
        this.modelId = modelId;
        if (Files.exists(file)) {
            load();
        }
        // Rewrite only the complete rows, so a torn last line never sits before new rows.
        AtomicFiles.write(file, true, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write(MODEL_PREFIX + modelId + "\n");
            for (var e : vectors.entrySet()) {
                w.write(row(e.getKey(), labels.get(e.getKey()), e.getValue()));
            }
            w.flush();
        });
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    public static PartialEmbeddings open(Path file, String modelId) throws IOException {
        return new PartialEmbeddings(file, modelId);
    }

    private void load() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith(MODEL_PREFIX)) {
            throw new IOException(file + " is not an unfinished OneShot embedding run; delete it to start over");
        }
        String fileModel = lines.get(0).substring(MODEL_PREFIX.length()).trim();
        if (!fileModel.equals(modelId)) {
            throw new IOException(file + " was started with model " + fileModel + ", not " + modelId
                    + ": delete it to start over with this model");
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length != 2 + 128) {
                continue;
            }
            try {
                float[] v = new float[128];
                for (int i = 0; i < 128; i++) {
                    v[i] = Float.parseFloat(f[i + 2]);
                }
                labels.put(f[0], f[1]);
                vectors.put(f[0], v);
            } catch (NumberFormatException torn) {
                // a row cut by a crash: recomputed
            }
        }
    }

    public boolean contains(String path) {
        return vectors.containsKey(path);
    }

    public void append(String path, String label, float[] v) throws IOException {
        labels.put(path, label);
        vectors.put(path, v);
        writer.write(row(path, label, v));
    }

    public void flush() throws IOException {
        writer.flush();
    }

    /** The finished table, rows in the given order (paths without an embedding are left out). */
    public EmbeddingTable toTable(List<String> order) {
        List<String> p = new ArrayList<>();
        List<String> l = new ArrayList<>();
        List<float[]> v = new ArrayList<>();
        for (String path : order) {
            if (vectors.containsKey(path)) {
                p.add(path);
                l.add(labels.get(path));
                v.add(vectors.get(path));
            }
        }
        return new EmbeddingTable(modelId, p, l, v.toArray(new float[0][]));
    }

    private static String row(String path, String label, float[] v) {
        if (path.contains(",") || label.contains(",")) {
            throw new IllegalArgumentException("commas are not allowed in paths or labels: " + path);
        }
        StringBuilder sb = new StringBuilder(path).append(',').append(label);
        for (float x : v) {
            sb.append(',').append(Float.toString(x));
        }
        return sb.append('\n').toString();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
