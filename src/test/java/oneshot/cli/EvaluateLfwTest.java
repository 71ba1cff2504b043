package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import oneshot.SharedData;
import oneshot.data.PairsProtocol;
import oneshot.eval.Distance;
import oneshot.eval.KFoldVerification;
import oneshot.eval.SyntheticEmbeddings;
import oneshot.eval.ThresholdGrid;
import oneshot.eval.VerificationScores;
import oneshot.embed.EmbeddingTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluate on the real LFW pairs files (View 2 and View 1), with synthetic embeddings for the images they name. */
class EvaluateLfwTest {
    @TempDir
    Path tmp;

    @Test
    void view2AndView1EndToEnd() throws Exception {
        Path lfw = SharedData.require("data/lfw");
        Set<String> paths = new LinkedHashSet<>();
        for (String f : List.of("pairs.txt", "pairsDevTrain.txt", "pairsDevTest.txt")) {
            for (PairsProtocol.Pair p : PairsProtocol.read(lfw.resolve(f)).pairs()) {
                paths.add(p.path1());
                paths.add(p.path2());
            }
        }
        List<String> ps = new ArrayList<>(paths);
        List<String> labels = ps.stream().map(p -> p.substring(0, p.indexOf('/'))).toList();
        EmbeddingTable t = SyntheticEmbeddings.of(ps, labels, 128, 0.14, 11);
        Path emb = tmp.resolve("lfw.emb");
        t.write(emb);
        Path out = tmp.resolve("r");
        assertEquals(0, Cli.run(new EvaluateCommand(), "-e", emb.toString(), "--pairs", lfw.resolve("pairs.txt").toString(),
                "--pairs", lfw.resolve("pairsDevTest.txt").toString(), "--train-pairs",
                lfw.resolve("pairsDevTrain.txt").toString(), "--no-identities", "--bootstrap", "100", "--no-plots", "-o",
                out.toString()));
        JsonObject s = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        JsonArray ver = s.getAsJsonArray("verification");
        JsonObject v2 = ver.get(0).getAsJsonObject();
        assertEquals(6000, v2.get("pairs").getAsInt());
        assertEquals(3000, v2.get("samePairs").getAsInt());
        JsonArray folds = v2.getAsJsonObject("kfold").getAsJsonArray("perFold");
        assertEquals(10, folds.size());
        // the report's numbers are the protocol's: recompute fold 1 directly
        PairsProtocol p2 = PairsProtocol.read(lfw.resolve("pairs.txt"));
        VerificationScores sc = VerificationScores.of(t, p2, Distance.SQUARED_L2, false);
        KFoldVerification.Result k = KFoldVerification.run(sc, ThresholdGrid.openFace(Distance.SQUARED_L2));
        assertEquals(k.meanAccuracy(), v2.getAsJsonObject("kfold").get("accuracyMean").getAsDouble());
        assertEquals(k.folds().get(0).threshold(), folds.get(0).getAsJsonObject().get("threshold").getAsDouble());
        for (int i = 0; i < 10; i++) {
            assertEquals(600, folds.get(i).getAsJsonObject().get("testPairs").getAsInt());
        }
        JsonObject v1 = ver.get(1).getAsJsonObject();
        assertEquals(1000, v1.get("pairs").getAsInt());
        JsonObject tt = v1.getAsJsonObject("trainTest");
        assertEquals(2200, tt.get("trainPairs").getAsInt());
        double acc = tt.get("testAccuracy").getAsDouble();
        assertTrue(acc > 0.5 && acc <= 1.0, "View 1 test accuracy " + acc);
        assertEquals("verification", s.getAsJsonObject("calibration").get("source").getAsString());
        List<String> csv = Files.readAllLines(out.resolve("verification-folds.csv"));
        assertEquals(13, csv.size()); // header, 10 folds, mean, std
    }
}
