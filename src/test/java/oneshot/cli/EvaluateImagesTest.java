package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.embed.EmbeddingTable;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.net.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluate from a model and an image folder: embeds through the Embed job into the cache, then reuses the cache. */
class EvaluateImagesTest {
    @TempDir
    Path tmp;

    @Test
    void embedsOnceThenReusesTheCache() throws Exception {
        String modelId;
        try (FaceModel m = GoldenWeights.model(LrnMode.TORCH)) {
            ModelStore.save(m, tmp.resolve("weights"), "golden");
            modelId = ModelStore.load(tmp.resolve("weights"), "golden", null).modelId();
        }
        Path faces = tmp.resolve("faces");
        Path src = SharedData.require("golden/nn4/inputs");
        for (String n : List.of("00_Aaron_Eckhart_0001", "01_George_W_Bush_0001", "02_Serena_Williams_0001")) {
            Path person = Files.createDirectories(faces.resolve(n.substring(3, n.length() - 5)));
            Files.copy(src.resolve(n + ".png"), person.resolve("a.png"));
            Files.copy(src.resolve(n + ".png"), person.resolve("b.png"));
        }
        Path cache = tmp.resolve("cache/faces.csv");
        String[] args = {"--images", faces.toString(), "--model", tmp.resolve("weights/golden-0000.params").toString(),
                "--cache", cache.toString(), "--bootstrap", "0", "--no-plots", "-o", tmp.resolve("report").toString()};
        assertEquals(0, Cli.run(new EvaluateCommand(), args));
        EmbeddingTable t = EmbeddingTable.read(tmp.resolve("cache/faces.emb"));
        assertEquals(6, t.size());
        assertEquals(modelId, t.modelId());
        JsonObject s = JsonParser.parseString(Files.readString(tmp.resolve("report/summary.json"))).getAsJsonObject();
        assertEquals(modelId, s.getAsJsonObject("calibration").get("modelId").getAsString());
        assertEquals(modelId, s.getAsJsonObject("modelManifest").get("modelId").getAsString());
        // identical copies: every probe's nearest template is its own identity at distance 0
        assertEquals(1.0, s.getAsJsonObject("identification").getAsJsonObject("oneShotClosedSet").get("rank1").getAsDouble());

        assertEquals(2, Cli.run(new EvaluateCommand(), args), "an earlier report is replaced only with --force");
        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--force";
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(0, Cli.run(new EvaluateCommand(), again));
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().contains("using cached embeddings"), err.toString());
    }
}
