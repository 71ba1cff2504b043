package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import oneshot.SharedData;
import oneshot.embed.EmbeddingTable;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.net.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's flow on real LFW images: Align -> Embed -> Evaluate --pairs, with a pairs file cut from LFW's own
 * pairs.txt (2 folds x (2 same + 2 different) pairs, the images they name). Align writes {@code name_0001.png}, the pairs
 * file names {@code name_0001.jpg}: Evaluate stopped there with "No embedding for ..." until the lookup used the
 * table's one rule. The model is the seeded network saved with its manifest (no trained weights in CI): this checks
 * the flow, not the accuracy.
 */
class ReadmeFlowTest {
    @TempDir
    Path dir;

    @Test
    void alignEmbedEvaluateWithPairsTxt() throws Exception {
        Path lfw = SharedData.require("data/lfw");
        List<String> all = Files.readAllLines(lfw.resolve("pairs.txt"));
        // pairs.txt: "10 300", then per fold 300 same-person lines and 300 different-person lines
        List<String> cut = new ArrayList<>(List.of("2\t2"));
        for (int fold = 0; fold < 2; fold++) {
            int first = 1 + fold * 600;
            cut.addAll(all.subList(first, first + 2));
            cut.addAll(all.subList(first + 300, first + 302));
        }
        Path pairs = dir.resolve("pairs.txt");
        Files.write(pairs, cut);
        Path subset = dir.resolve("lfw");
        Set<String> images = new LinkedHashSet<>();
        for (String line : cut.subList(1, cut.size())) {
            String[] t = line.trim().split("\\s+");
            String a = t[0], b = t.length == 3 ? t[0] : t[2];
            images.add(image(a, t[1]));
            images.add(image(b, t.length == 3 ? t[2] : t[3]));
        }
        for (String rel : images) {
            Path to = subset.resolve(rel);
            Files.createDirectories(to.getParent());
            Files.copy(lfw.resolve(rel), to);
        }
        Path weights = dir.resolve("weights");
        try (FaceModel m = FaceModel.createInitialized(LrnMode.TORCH)) {
            ModelStore.save(m, weights, "seeded-untrained");
        }
        Path aligned = dir.resolve("aligned");
        assertEquals(0, Cli.run(new AlignCommand(), "--input", subset.toString(), "--output", aligned.toString(),
                "--threads", "1", "--choose", "central"));
        Path csv = dir.resolve("emb.csv");
        assertEquals(0, Cli.run(new EmbedCommand(), "--input", aligned.toString(), "--model",
                ModelStore.paramsFile(weights, "seeded-untrained").toString(), "--out", csv.toString()));
        EmbeddingTable table = EmbeddingTable.read(csv);
        assertEquals(images.size(), table.size(), "every image aligned and embedded");
        assertTrue(table.path(0).endsWith(".png"), "Align writes PNG crops: " + table.path(0));

        Path report = dir.resolve("report");
        assertEquals(0, Cli.run(new EvaluateCommand(), "-e", csv.toString(), "--pairs", pairs.toString(), "--no-plots",
                "--bootstrap", "0", "--no-identities", "-o", report.toString()));
        JsonObject summary = JsonParser.parseString(Files.readString(report.resolve("summary.json"))).getAsJsonObject();
        String text = summary.toString();
        assertTrue(text.contains("\"pairs\":8"), "all 8 pairs scored: " + text);
    }

    private static String image(String name, String number) {
        return name + "/" + name + "_" + String.format("%04d", Integer.parseInt(number)) + ".jpg";
    }
}
