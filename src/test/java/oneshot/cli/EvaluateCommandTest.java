package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.embed.EmbeddingTable;
import oneshot.eval.SyntheticEmbeddings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    @TempDir
    Path dir;
    Path csv;
    Path bin;
    Path pairs;

    /** 60 people x 4 images, and a 2-fold pairs file (6 same + 6 different per fold) in LFW's format. */
    @BeforeEach
    void data() throws Exception {
        List<String> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            String name = "Person_" + p;
            for (int k = 1; k <= 4; k++) {
                paths.add("/data/lfw/" + name + "/" + name + "_000" + k + ".jpg");
                labels.add(name);
            }
        }
        EmbeddingTable t = SyntheticEmbeddings.of(paths, labels, 128, 0.1, 3);
        csv = dir.resolve("emb.csv");
        bin = dir.resolve("emb.emb");
        t.write(csv);
        t.write(bin);
        StringBuilder sb = new StringBuilder("2\t6\n");
        for (int f = 0; f < 2; f++) {
            for (int i = 0; i < 6; i++) {
                sb.append("Person_").append(f * 6 + i).append("\t1\t").append(2 + i % 3).append('\n');
            }
            for (int i = 0; i < 6; i++) {
                sb.append("Person_").append(20 + f * 6 + i).append("\t1\tPerson_").append(40 + f * 6 + i).append("\t2\n");
            }
        }
        pairs = dir.resolve("pairs.txt");
        Files.writeString(pairs, sb.toString());
    }

    private int run(String... args) {
        return Cli.run(new EvaluateCommand(), args);
    }

    @Test
    void writesACompleteReportAndTheCalibrationContract() throws Exception {
        Path out = dir.resolve("r1");
        assertEquals(0, run("-e", csv.toString(), "--pairs", pairs.toString(), "--bootstrap", "50", "-o", out.toString(),
                "--enrol", "1,2,3"));
        for (String f : List.of("report.html", "summary.json", "roc.png", "sweep.png", "distances.png", "cmc.png", "dir-far.png", "roc.csv",
                "sweep.csv", "verification-folds.csv", "cmc.csv", "dir-far.csv", "templates.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(5, html.split("data:image/png;base64,", -1).length - 1, "five embedded plots");
        JsonObject s = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
        JsonObject cal = s.getAsJsonObject("calibration");
        assertEquals("squared_l2", cal.get("distance").getAsString());
        assertEquals("open-set", cal.get("source").getAsString());
        assertEquals(0.01, cal.get("targetFar").getAsDouble());
        assertEquals("synthetic-noise0.1-seed3", cal.get("modelId").getAsString());
        double th = cal.get("threshold").getAsDouble();
        assertTrue(th > 0 && th < 4, "threshold " + th);
        oneshot.eval.Calibration read = oneshot.eval.Calibration.read(out.resolve("summary.json"));
        assertEquals(th, read.threshold());
        assertEquals(oneshot.eval.Distance.SQUARED_L2, read.distance());
        assertEquals("open-set", read.source());
        assertEquals("synthetic-noise0.1-seed3", read.modelId());
        assertEquals(cal.get("dir").getAsDouble(), read.acceptRate());
        // the gallery applies that very calibration, with Evaluate's strict rule
        oneshot.gallery.Threshold g = oneshot.gallery.Threshold.resolve(null, out.resolve("summary.json"),
                "synthetic-noise0.1-seed3");
        assertEquals(th, g.value());
        assertEquals("<", g.rule());
        assertTrue(g.calibrated());
        // the calibrated threshold is the one-shot open-set operating point at the target FAR
        JsonObject open = s.getAsJsonObject("identification").getAsJsonObject("oneShotOpenSet");
        assertEquals(th, open.getAsJsonObject("atTargetFar").get("threshold").getAsDouble());
        assertTrue(open.getAsJsonObject("atTargetFar").get("far").getAsDouble() <= 0.01);
        JsonObject ver = s.getAsJsonArray("verification").get(0).getAsJsonObject();
        assertEquals(24, ver.get("pairs").getAsInt());
        assertEquals(2, ver.getAsJsonObject("kfold").getAsJsonArray("perFold").size());
        assertEquals(3, s.getAsJsonObject("identification").getAsJsonObject("templates").getAsJsonArray("bySize").size());
        // 60 identities with 4 images: one-shot gallery of all 60, 3 probes each
        assertEquals(180, s.getAsJsonObject("identification").getAsJsonObject("oneShotClosedSet").get("probes").getAsInt());
    }

    @Test
    void sameInputsGiveTheSameSummaryFromCsvOrBinary() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, run("-e", csv.toString(), "--pairs", pairs.toString(), "--bootstrap", "30", "--name", "x", "-o",
                a.toString(), "--no-plots"));
        assertEquals(0, run("-e", bin.toString(), "--pairs", pairs.toString(), "--bootstrap", "30", "--name", "x", "-o",
                b.toString(), "--no-plots"));
        String sa = Files.readString(a.resolve("summary.json")).replace(csv.toString(), "EMB");
        String sb = Files.readString(b.resolve("summary.json")).replace(bin.toString(), "EMB");
        assertEquals(sa, sb);
        assertArrayEquals(Files.readAllBytes(a.resolve("roc.csv")), Files.readAllBytes(b.resolve("roc.csv")));
    }

    @Test
    void verificationOnlyCalibratesOnPairs() throws Exception {
        Path out = dir.resolve("v");
        assertEquals(0, run("-e", csv.toString(), "--pairs", pairs.toString(), "--no-identities", "--bootstrap", "0",
                "--distance", "cosine", "-o", out.toString(), "--no-plots"));
        JsonObject cal = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject()
                .getAsJsonObject("calibration");
        assertEquals("verification", cal.get("source").getAsString());
        assertEquals("cosine", cal.get("distance").getAsString());
    }

    @Test
    void badInputsExitNonZeroWithTheFileName() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            Path missing = dir.resolve("nope.csv");
            assertEquals(1, run("-e", missing.toString(), "-o", dir.resolve("m").toString()));
            assertTrue(err.toString().contains(missing.toString()), err.toString());
            Path badPairs = dir.resolve("bad.txt");
            Files.writeString(badPairs, "1 1\nPerson_0 1 2\nPerson_1 1 Person_9 9\n");
            assertEquals(1, run("-e", csv.toString(), "--pairs", badPairs.toString(), "-o", dir.resolve("m").toString()));
            assertTrue(err.toString().contains("Person_9/Person_9_0009.jpg"), err.toString());
            assertEquals(1, run("-e", csv.toString(), "--model-id", "other", "-o", dir.resolve("m").toString()));
            Path noCal = dir.resolve("nocal.json");
            Files.writeString(noCal, "{\"name\": 1}");
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> oneshot.eval.Calibration.read(noCal));
            assertTrue(e.getMessage().contains("calibration") && e.getMessage().contains(noCal.toString()), e.getMessage());
            assertTrue(err.toString().contains("synthetic-noise0.1-seed3"), err.toString());
        } finally {
            System.setErr(old);
        }
    }
}
