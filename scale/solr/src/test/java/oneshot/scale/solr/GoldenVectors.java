package oneshot.scale.solr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oneshot.SharedData;
import oneshot.embed.EmbeddingTable;
import oneshot.gallery.GalleryIndex;
import oneshot.gallery.Vectors;

/**
 * Real vectors for this module's tests: the 115 golden dlib-resnet34 descriptors of ../shared and the LFW table (the main
 * module's test helper RealVectors does the same there; test classes do not cross modules).
 */
final class GoldenVectors {
    private GoldenVectors() {}

    record Labelled(String label, float[] vector) {}

    record Split(GalleryIndex.Builder gallery, List<float[]> probes) {}

    static List<Labelled> golden() throws IOException {
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
                out.add(new Labelled(f[0].substring(0, f[0].indexOf('/')), Vectors.normalized(v)));
            }
        }
        return out;
    }

    static List<Labelled> table(Path file) throws IOException {
        EmbeddingTable t = EmbeddingTable.read(file);
        List<Labelled> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            out.add(new Labelled(t.label(i), Vectors.normalized(t.vector(i))));
        }
        return out;
    }

    /** Each person's first vector enrolled, every other one a probe. */
    static Split oneShot(List<Labelled> vectors) {
        Map<String, float[]> first = new LinkedHashMap<>();
        List<float[]> probes = new ArrayList<>();
        for (Labelled l : vectors) {
            if (first.putIfAbsent(l.label(), l.vector()) != null) {
                probes.add(l.vector());
            }
        }
        GalleryIndex.Builder b = new GalleryIndex.Builder("m", 1);
        first.forEach(b::add);
        return new Split(b, probes);
    }
}
