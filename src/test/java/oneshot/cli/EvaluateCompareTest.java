package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import oneshot.SharedData;
import oneshot.embed.EmbeddingTable;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two embedding tables of the same 40 bbt images in one comparison: the reference's own dlib descriptors, and the same
 * vectors with heavy noise added (a worse "model"). The comparison must carry each report's own figures and rank the
 * reference first.
 */
class EvaluateCompareTest {
    @TempDir
    Path tmp;

    private Path table(String name, double noise) throws Exception {
        Path csv = SharedData.require("golden/dlib-chip/bbt").resolve("descriptors.csv");
        EmbeddingTable.Builder b = new EmbeddingTable.Builder("dlib-" + name);
        Random r = new Random(5);
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            float[] v = new float[128];
            for (int i = 0; i < 128; i++) {
                v[i] = Float.parseFloat(f[i + 1]) + (float) (noise * r.nextGaussian());
            }
            b.add(f[0], f[0].substring(0, f[0].indexOf('/')), Vectors.normalized(v));
        }
        Path out = tmp.resolve(name + ".emb");
        b.build().write(out);
        return out;
    }

    @Test
    void twoReportsSideBySide() throws Exception {
        Path clean = tmp.resolve("eval-clean");
        Path noisy = tmp.resolve("eval-noisy");
        assertEquals(0, Cli.run(new EvaluateCommand(), "--embeddings", table("clean", 0).toString(), "--bootstrap", "0",
                "-o", clean.toString()));
        assertEquals(0, Cli.run(new EvaluateCommand(), "--embeddings", table("noisy", 0.08).toString(), "--bootstrap",
                "0", "-o", noisy.toString()));
        Path cmp = tmp.resolve("cmp");
        assertEquals(0, Cli.run(new EvaluateCommand(), "--compare", clean.toString(), "--compare", noisy.toString(),
                "-o", cmp.toString()));
        JsonArray rows = JsonParser.parseString(Files.readString(cmp.resolve("comparison.json"))).getAsJsonObject()
                .getAsJsonArray("reports");
        assertEquals(2, rows.size());
        for (int i = 0; i < 2; i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            Path report = i == 0 ? clean : noisy;
            JsonObject s = JsonParser.parseString(Files.readString(report.resolve("summary.json"))).getAsJsonObject();
            JsonObject v = s.getAsJsonArray("verification").get(0).getAsJsonObject();
            assertEquals(v.get("auc").getAsDouble(), row.get("auc").getAsDouble(), 0.0, "AUC as the report says");
            assertEquals(v.getAsJsonObject("kfold").get("accuracyMean").getAsDouble(), row.get("accuracy").getAsDouble(),
                    0.0);
            assertEquals(s.getAsJsonObject("identification").getAsJsonObject("oneShotClosedSet").get("rank1")
                    .getAsDouble(), row.get("rank1").getAsDouble(), 0.0);
            assertEquals(s.get("modelId").getAsString(), row.get("modelId").getAsString());
        }
        JsonObject a = rows.get(0).getAsJsonObject();
        JsonObject b = rows.get(1).getAsJsonObject();
        assertTrue(a.get("auc").getAsDouble() > b.get("auc").getAsDouble(), a + " vs " + b);
        assertTrue(a.get("rank1").getAsDouble() > b.get("rank1").getAsDouble(), a + " vs " + b);
        for (String f : List.of("comparison.csv", "comparison.html", "roc.png", "cmc.png", "dir-far.png")) {
            assertTrue(Files.size(cmp.resolve(f)) > 0, f);
        }
        assertEquals(3, Files.readAllLines(cmp.resolve("comparison.csv")).size(), "header + one row per report");

        assertEquals(2, Cli.run(new EvaluateCommand(), "--compare", clean.toString(), "-o", tmp.resolve("x").toString()),
                "one report is no comparison: usage error");
        assertEquals(1, Cli.run(new EvaluateCommand(), "--compare", clean.toString(), "--compare",
                tmp.resolve("none").toString(), "-o", tmp.resolve("y").toString()), "a folder without a report");
        assertEquals(2, Cli.run(new EvaluateCommand(), "--compare", clean.toString(), "--compare", noisy.toString(),
                "-o", cmp.toString()), "its own earlier output is replaced only with --force");
    }
}
