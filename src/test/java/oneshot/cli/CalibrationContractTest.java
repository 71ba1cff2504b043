package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import oneshot.embed.EmbeddingTable;
import oneshot.gallery.Threshold;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary.json that the real Evaluate command writes is one the gallery accepts, with the report's decision rule. */
class CalibrationContractTest {
    @TempDir
    Path dir;

    @Test
    void galleryReadsTheThresholdEvaluateCalibrated() throws Exception {
        Random rnd = new Random(41);
        EmbeddingTable.Builder b = new EmbeddingTable.Builder("nn4-contract");
        for (int p = 0; p < 40; p++) {
            float[] centre = unit(rnd, null, 0);
            for (int i = 0; i < 4; i++) {
                b.add("p" + p + "/" + i + ".jpg", "p" + p, unit(rnd, centre, 0.05));
            }
        }
        Path csv = dir.resolve("emb.csv");
        b.build().write(csv);
        Path report = dir.resolve("report");
        int code = Cli.run(new EvaluateCommand(), "-e", csv.toString(), "--no-plots", "--bootstrap", "0", "-o",
                report.toString());
        assertEquals(0, code);
        Path summary = report.resolve("summary.json");
        assertTrue(Files.exists(summary), "Evaluate wrote " + summary);
        Threshold t = Threshold.resolve(null, summary, "nn4-contract");
        assertTrue(t.calibrated());
        assertEquals("<", t.rule(), "summary.json says: accept when distance < threshold");
        assertTrue(t.value() > 0.1 && t.value() < 2.5, "between the clusters: " + t.value());
    }

    private static float[] unit(Random rnd, float[] centre, double noise) {
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (centre == null ? rnd.nextGaussian() : centre[i] + noise * rnd.nextGaussian());
        }
        return Vectors.normalized(v);
    }
}
