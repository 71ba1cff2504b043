package oneshot.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import oneshot.embed.EmbeddingTable;
import oneshot.embed.ImageFiles;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;

/**
 * Embeddings of an image folder for {@code Evaluate --images}: reuses a cached table when it was made by the same model and
 * covers every image, otherwise runs the {@code Embed} job (which resumes an interrupted run) into the cache.
 */
final class ImageEmbeddings {
    /** The table file to evaluate and the model's manifest for the report. */
    record Result(Path table, JsonElement manifest) {}

    private ImageEmbeddings() {}

    static Result get(Path images, String model, Path cache) throws IOException {
        Path root = images.toAbsolutePath().normalize();
        List<Path> files = ImageFiles.list(root);
        if (files.isEmpty()) {
            throw new IOException("no images under " + root);
        }
        String modelId;
        JsonElement manifest;
        String modelArg;
        try (FaceModel m = ModelStore.loadDefault(model)) {
            modelId = m.modelId();
            manifest = JsonParser.parseString(m.manifest().toJson());
            modelArg = model;
        }
        Path csv = cache != null ? cache
                : Path.of("cache", "embeddings", modelId == null ? "unknown-model" : modelId, root.getFileName() + ".csv");
        Path bin = Path.of(csv.toString().replaceFirst("\\.csv$", "") + ".emb");
        if (Files.isRegularFile(bin) && covers(EmbeddingTable.read(bin), modelId, root, files)) {
            System.err.println("Evaluate: using cached embeddings " + bin);
            return new Result(bin, manifest);
        }
        String[] args = modelArg == null ? new String[] {"--input", root.toString(), "--out", csv.toString(), "--force"}
                : new String[] {"--input", root.toString(), "--out", csv.toString(), "--force", "--model", modelArg};
        // --force: the cache is this class's own output, stale (another model or other images) when we get here
        int code = Cli.run(new EmbedCommand(), args);
        if (code != 0 || !Files.isRegularFile(bin)) {
            throw new IOException("embedding " + root + " failed (Embed exit code " + code + ")");
        }
        return new Result(bin, manifest);
    }

    private static boolean covers(EmbeddingTable t, String modelId, Path root, List<Path> files) {
        if (modelId != null && !modelId.equals(t.modelId())) {
            return false;
        }
        Set<String> have = new HashSet<>(t.paths());
        return files.stream().allMatch(f -> have.contains(ImageFiles.relative(root, f)));
    }
}
