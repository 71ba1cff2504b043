package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdTest {
    @TempDir
    Path dir;

    private Path summary(String calibration) throws Exception {
        Path p = dir.resolve("summary.json");
        Files.writeString(p, "{\"calibration\": " + calibration
                + ", \"decisionRule\": \"accept as the same person when distance < threshold\"}");
        return p;
    }

    @Test
    void calibratedThresholdIsReadFromTheEvaluationSummary() throws Exception {
        Path p = summary("{\"distance\": \"squared_l2\", \"threshold\": 0.87, \"targetFar\": 0.001,"
                + " \"source\": \"LFW View 2\", \"modelId\": \"nn4-keras\"}");
        Threshold t = Threshold.resolve(null, p, "nn4-keras");
        assertEquals(0.87, t.value());
        assertTrue(t.calibrated());
        assertTrue(t.origin().contains("LFW View 2") && t.origin().contains("0.001"), t.origin());
        assertEquals("<", t.rule(), "the report's own decision rule");
        assertTrue(t.accepts(0.8699999));
        assertFalse(t.accepts(0.87));
    }

    @Test
    void calibrationOfAnotherModelIsRefused() throws Exception {
        Path p = summary("{\"distance\": \"squared_l2\", \"threshold\": 0.87, \"targetFar\": 0.001, \"source\": \"x\","
                + " \"modelId\": \"nn4-keras\"}");
        var e = assertThrows(GalleryException.class, () -> Threshold.resolve(null, p, "nn4-finetuned"));
        assertTrue(e.getMessage().contains("nn4-keras") && e.getMessage().contains("nn4-finetuned"), e.getMessage());
    }

    @Test
    void badReportsNameTheFileAndTheField() throws Exception {
        for (var bad : List.of(
                List.of("{\"distance\": \"cosine\", \"threshold\": 0.3, \"targetFar\": 0.01, \"modelId\": \"m\"}", "cosine"),
                List.of("{\"distance\": \"squared_l2\", \"targetFar\": 0.01, \"modelId\": \"m\"}", "threshold"),
                List.of("{\"distance\": \"squared_l2\", \"threshold\": 7, \"targetFar\": 0.01, \"modelId\": \"m\"}", "(0, 4]"),
                List.of("{\"distance\": \"squared_l2\", \"threshold\": 0.9, \"targetFar\": 0.01}", "modelId"),
                List.of("[1, 2]", "calibration"))) {
            Path p = summary(bad.get(0));
            var e = assertThrows(GalleryException.class, () -> Threshold.resolve(null, p, "m"));
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains(bad.get(1)), e.getMessage());
        }
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"calibration\": {");
        var e = assertThrows(GalleryException.class, () -> Threshold.resolve(null, broken, "m"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void withoutCalibrationTheDefaultSaysItIsUncalibrated() {
        Threshold t = Threshold.resolve(null, null, "m");
        assertEquals(Threshold.UNCALIBRATED_DEFAULT, t.value());
        assertFalse(t.calibrated());
        assertTrue(t.origin().startsWith("UNCALIBRATED"), t.origin());
        Threshold explicit = Threshold.resolve(0.5, null, "m");
        assertEquals(0.5, explicit.value());
        assertTrue(explicit.origin().contains("--threshold"));
        assertTrue(explicit.accepts(0.5), "a hand-given threshold accepts distance <= threshold");
        assertFalse(explicit.accepts(0.5000001));
        assertThrows(oneshot.UsageException.class, () -> Threshold.resolve(0.5, dir.resolve("x.json"), "m"));
        assertThrows(oneshot.UsageException.class, () -> Threshold.resolve(-1.0, null, "m"));
    }

    @Test
    void verdictIsUnknownAboveTheThreshold() {
        Threshold t = new Threshold(0.9, "test", false, true);
        assertEquals("ann", Verdict.of(List.of(new Match("ann", 0.5, 1), new Match("bob", 1.5, 1)), t).label());
        Verdict far = Verdict.of(List.of(new Match("ann", 0.95, 1)), t);
        assertEquals(Verdict.UNKNOWN, far.label());
        assertEquals(0.95, far.distance());
        assertFalse(Verdict.of(List.of(), t).known());
    }

    @Test
    void theUncalibratedFallbackBelongsToTheModelsArchitecture() {
        // OpenFace's 0.99 would accept nearly every pair of dlib vectors (their same/different boundary is near 0.19)
        Threshold dlib = Threshold.resolve(null, null, "dlibr34-dff3efe23d8e03ef");
        assertEquals(Threshold.DLIB_RESNET_LFW_DEFAULT, dlib.value());
        assertFalse(dlib.calibrated());
        assertTrue(dlib.origin().contains("UNCALIBRATED") && dlib.origin().contains("dlib"), dlib.origin());
        Threshold nn4 = Threshold.resolve(null, null, "nn4s2-d6e23247a07e93d2");
        assertEquals(Threshold.UNCALIBRATED_DEFAULT, nn4.value());
        assertTrue(nn4.origin().contains("OpenFace"), nn4.origin());
    }
}
