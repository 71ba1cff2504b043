package oneshot.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oneshot.SharedData;
import oneshot.embed.EmbeddingTable;

/**
 * Real face vectors for the index tests (here and in scale/solr, through the tools jar): the 115 golden dlib-resnet34
 * descriptors (face-api.js's, of real dlib chips; always there in ../shared) and, when it exists, the LFW table of the
 * product path (13,233 vectors, docs/scale-index.md; {@code -Doneshot.lfwEmbeddings=FILE}, default
 * {@code reports/embeddings/lfw-dlib.emb}).
 */
public final class RealVectors {
    private RealVectors() {}

    /** One labelled vector. */
    public record Labelled(String label, String path, float[] vector) {}

    public static List<Labelled> golden() throws IOException {
        List<Labelled> out = new ArrayList<>();
        for (String set : List.of("lfw", "bbt")) {
            Path file = SharedData.require("golden/dlib-chip/" + set).resolve("descriptors.csv");
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f.length != 129) {
                    throw new IOException(file + ": row with " + f.length + " fields: " + f[0]);
                }
                float[] v = new float[128];
                for (int i = 0; i < 128; i++) {
                    v[i] = Float.parseFloat(f[i + 1]);
                }
                out.add(new Labelled(f[0].substring(0, f[0].indexOf('/')), set + "/" + f[0], Vectors.normalized(v)));
            }
        }
        return out;
    }

    public static Path lfwTable() {
        return Path.of(System.getProperty("oneshot.lfwEmbeddings", "reports/embeddings/lfw-dlib.emb"));
    }

    public static List<Labelled> lfw() throws IOException {
        EmbeddingTable t = EmbeddingTable.read(lfwTable());
        List<Labelled> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            out.add(new Labelled(t.label(i), t.path(i), Vectors.normalized(t.vector(i))));
        }
        return out;
    }

    /** One-shot split: each person's first vector (in table order) enrolled, every other one a probe. */
    public record Split(GalleryIndex.Builder gallery, List<float[]> probes) {}

    public static Split oneShot(List<Labelled> vectors, String modelId) {
        Map<String, float[]> first = new LinkedHashMap<>();
        List<float[]> probes = new ArrayList<>();
        for (Labelled l : vectors) {
            if (first.putIfAbsent(l.label(), l.vector()) != null) {
                probes.add(l.vector());
            }
        }
        GalleryIndex.Builder b = new GalleryIndex.Builder(modelId, 1);
        first.forEach(b::add);
        return new Split(b, probes);
    }
}
