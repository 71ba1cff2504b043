package oneshot.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import oneshot.embed.EmbeddingTable;
import oneshot.eval.SyntheticEmbeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evaluate --compare-classifier puts both methods into the report folder. */
class EvaluateClassifierComparisonTest {
    @Test
    void comparisonLandsInSummaryCsvAndHtml(@TempDir Path tmp) throws Exception {
        List<String> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            int images = p < 20 ? 4 : 1; // 20 people to enrol, 10 strangers
            for (int i = 0; i < images; i++) {
                paths.add("p" + p + "/" + i + ".png");
                labels.add("p" + p);
            }
        }
        EmbeddingTable t = SyntheticEmbeddings.of(paths, labels, 128, 0.1, 3);
        Path emb = tmp.resolve("t.emb");
        t.writeBinary(emb);
        Path out = tmp.resolve("report");
        assertEquals(0, Cli.run(new EvaluateCommand(), "--embeddings", emb.toString(), "--compare-classifier",
                "--no-plots", "--name", "cmp", "-o", out.toString()));
        JsonObject c = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject()
                .getAsJsonObject("classifierComparison");
        assertEquals(20, c.get("enrolledIdentities").getAsInt());
        assertEquals(4, c.getAsJsonArray("methods").size());
        assertEquals("ONE_IMAGE_STRANGERS", c.get("protocol").getAsString());
        double distanceRank1 = c.getAsJsonArray("methods").get(1).getAsJsonObject().get("rank1").getAsDouble();
        assertTrue(distanceRank1 > 0.9, "well-separated synthetic people must be found: " + distanceRank1);
        assertEquals(5, Files.readAllLines(out.resolve("classifier-comparison.csv")).size());
        assertTrue(Files.readString(out.resolve("report.html")).contains("Classifier vs distance"));
    }

    private static Path table(Path tmp, int people, int images) throws Exception {
        List<String> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            for (int i = 0; i < images; i++) {
                paths.add("p" + p + "/" + i + ".png");
                labels.add("p" + p);
            }
        }
        Path emb = tmp.resolve("own-" + people + "x" + images + ".emb");
        SyntheticEmbeddings.of(paths, labels, 128, 0.1, 5).writeBinary(emb);
        return emb;
    }

    @Test
    void aFolderOfOwnPeopleIsComparedWithEachPersonLeftOutInTurn(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("report");
        assertEquals(0, Cli.run(new EvaluateCommand(), "--embeddings", table(tmp, 8, 5).toString(),
                "--compare-classifier", "--target-far", "0.05", "--no-plots", "-o", out.toString()));
        JsonObject c = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject()
                .getAsJsonObject("classifierComparison");
        assertEquals("LEAVE_ONE_PERSON_OUT", c.get("protocol").getAsString());
        assertEquals(8, c.get("knownProbes").getAsInt());
        assertEquals(40, c.get("unknownProbes").getAsInt());
        List<String> csv = Files.readAllLines(out.resolve("classifier-comparison.csv"));
        assertTrue(csv.get(1).startsWith("\"distance, one image enrolled\","), csv.get(1));
        assertTrue(csv.get(4).startsWith("\"linear SVM\",") && csv.get(4).endsWith(",SVM decision value"), csv.get(4));
    }

    @Test
    void aTableTheProtocolCannotSplitStopsBeforeAnyReport(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("report");
        assertEquals(1, Cli.run(new EvaluateCommand(), "--embeddings", table(tmp, 2, 3).toString(),
                "--compare-classifier", "--no-plots", "-o", out.toString()));
        assertTrue(!Files.exists(out.resolve("summary.json")), "no half-written report");
    }
}
