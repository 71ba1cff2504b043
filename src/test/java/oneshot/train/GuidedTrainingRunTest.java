package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oneshot.data.IdentityFolder;
import oneshot.data.IdentitySplit;
import oneshot.data.IdentitySplitter;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.net.ModelManifest;
import oneshot.net.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teacher-guided training end to end on a tiny synthetic Align output (8 people x 3 images + 6 one-image people, with
 * originals and landmarks): distillation, teacher mining, one-image people and augmentation together; the steps log
 * their parts, a seed repeats them, and a run killed after an epoch (teacher targets on disk) resumes with the loss the
 * uninterrupted run saw.
 */
class GuidedTrainingRunTest {
    private static final List<String> MISSING = List.of("inception_5a_1x1_conv_w", "inception_5b_3x3_conv2_w");

    @TempDir
    static Path tmp;
    private static Path weights;
    private static Path splitFile;
    private static SyntheticFaces faces;

    @BeforeAll
    static void prepare() throws IOException {
        faces = SyntheticFaces.write(tmp.resolve("set"), 8, 3, 6, 21);
        IdentitySplit split = IdentitySplitter.random("guided", IdentityFolder.scan(faces.aligned), 0.2, 0.0, 1);
        splitFile = split.write(tmp.resolve("splits"));
        weights = tmp.resolve("weights");
        try (FaceModel m = FaceModel.createInitialized(LrnMode.TORCH)) {
            m.manifest().untrainedTensors = new java.util.ArrayList<>(MISSING);
            m.manifest().missingTensors = new java.util.ArrayList<>(MISSING);
            ModelStore.save(m, weights, "start");
        }
    }

    private static TrainConfig config(Path runDir, int maxEpochs, String out, Guidance g, Augmentation a) {
        return config(runDir, maxEpochs, out, g, a, tmp.resolve("cache"));
    }

    private static TrainConfig config(Path runDir, int maxEpochs, String out, Guidance g, Augmentation a, Path cache) {
        return new TrainConfig(faces.aligned, splitFile, weights, "start", out, null, "batch-hard", 0.2f, 3, 2, 1e-3f,
                maxEpochs, 5, 0, 2, 10, 7, runDir, cache).with(g, a, null);
    }

    @Test
    void anAugmentedRunOnAnEmptyCacheLeavesThePlainCachesEvaluationReads() throws IOException {
        Path cache = tmp.resolve("fresh-cache");
        run(config(tmp.resolve("runFresh"), 1, "outFresh", ALL, Augmentation.mild(2, 3), cache));
        // Found on a fresh clone: the LFW evaluation reads the plain prefix cache, which an augmented run that never
        // had one did not leave behind. Now each kind holds its plain cache and its augmented one.
        try (var files = Files.list(cache)) {
            java.util.List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".f16"))
                    .sorted().toList();
            assertEquals(2, names.stream().filter(n -> n.startsWith("nn4-")).count(), names.toString());
            assertEquals(2, names.stream().filter(n -> n.startsWith("teacher-")).count(), names.toString());
        }
    }

    private static final Guidance ALL = new Guidance("stub", DistanceDistillation.Kind.RKD, 2f, 1f, true, 2);

    private static TrainingState run(TrainConfig cfg) throws IOException {
        return new TrainingRun(cfg, name -> switch (name) {
            case "stub" -> new StubTeacher();
            case "stub-128" -> StubTeacher.wide();
            default -> throw new AssertionError("unexpected teacher " + name);
        }).run();
    }

    @Test
    void distillsMinesOnTheTeacherReproducesAndResumes() throws IOException {
        Augmentation aug = Augmentation.mild(2, 3);
        TrainingState a = run(config(tmp.resolve("runA"), 2, "outA", ALL, aug));
        assertEquals(List.of(0, 1, 2), a.epochs.stream().map(e -> e.epoch).toList());
        assertEquals(4, a.steps.size());
        for (TrainingState.Step s : a.steps) {
            assertEquals(3 * 2 + 2, s.images, "P x K plus two one-image people");
            assertEquals(8 * 7 / 2, s.distillPairs);
            assertTrue(Float.isFinite(s.distillLoss) && s.distillLoss > 0, "distillation logged: " + s.distillLoss);
            assertTrue(Float.isFinite(s.teacherCorrelation));
            float expected = (Float.isNaN(s.tripletLoss) ? 0 : s.tripletLoss) + 2f * s.distillLoss;
            assertEquals(expected, s.loss, 1e-5f, "back-propagated total = triplet + 2 x distillation");
        }
        String csv = Files.readString(tmp.resolve("runA/steps.csv"));
        assertTrue(csv.startsWith("epoch,step,images,loss,") && csv.contains("distill_loss,distill_pairs,teacher_correlation"));
        ModelManifest best = ModelManifest.read(ModelStore.manifestFile(weights, "outA"));
        java.util.Map<String, Object> h = best.history.get(best.history.size() - 1);
        assertEquals("stub-grid-means-v1", h.get("teacherId"));
        assertEquals("rkd", h.get("distillation"));
        assertEquals("teacher", h.get("miningOn"));
        assertTrue(h.get("augmentation").toString().startsWith("variants=2"));

        // Same seed, stopped after epoch 1, "killed" after that checkpoint, then resumed.
        Path runC = tmp.resolve("runC");
        TrainingState c1 = run(config(runC, 1, "outC", ALL, aug));
        for (int i = 0; i < 2; i++) {
            assertEquals(a.steps.get(i).loss, c1.steps.get(i).loss, 1e-5f, "seeded run repeats step " + i);
            assertEquals(a.steps.get(i).distillLoss, c1.steps.get(i).distillLoss, 1e-5f);
        }
        TrainingState killed = TrainingState.read(runC.resolve("state.json"));
        killed.stopReason = null;
        killed.write(runC.resolve("state.json"));
        TrainingState c2 = run(config(runC, 2, "outC", ALL, aug));
        assertEquals(List.of(0, 1, 2), c2.epochs.stream().map(e -> e.epoch).toList(), "epoch 1 is not redone");
        assertEquals(a.steps.get(2).loss, c2.steps.get(2).loss, 1e-5f, "first step after the resume");
        assertEquals(a.steps.get(2).distillLoss, c2.steps.get(2).distillLoss, 1e-5f);

        // Resuming with another recipe is refused by name.
        killed = TrainingState.read(runC.resolve("state.json"));
        killed.stopReason = null;
        killed.write(runC.resolve("state.json"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(config(runC, 3, "outC",
                new Guidance("stub", DistanceDistillation.Kind.SQUARED_L2, 2f, 1f, true, 2), aug)));
        assertTrue(e.getMessage().contains("recipe"), e.getMessage());

        // A finished run of one recipe never stands in for another under the same name (runA finished above).
        e = assertThrows(IllegalArgumentException.class, () -> run(config(tmp.resolve("runA"), 2, "outA",
                Guidance.NONE, Augmentation.NONE)));
        assertTrue(e.getMessage().contains("recipe"), e.getMessage());
        assertEquals(a.steps.size(), run(config(tmp.resolve("runA"), 2, "outA", ALL, aug)).steps.size(),
                "the same recipe finds its finished run");
    }

    /** 2 epochs x 2 steps planned: the steps log the cosine of steps done / 4, and the schedule is part of the recipe. */
    @Test
    void cosineScheduleIsLoggedPerStepAndBelongsToTheRecipe() throws IOException {
        Path dir = tmp.resolve("runL");
        TrainingState s = run(config(dir, 2, "outL", Guidance.NONE, Augmentation.NONE)
                .withLrSchedule(LearningRateSchedule.Shape.COSINE));
        assertEquals(4, s.steps.size());
        for (int i = 0; i < 4; i++) {
            double expected = 1e-3 * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * i / 4)));
            assertEquals(expected, s.steps.get(i).learningRate, 1e-9, "step " + i);
        }
        String summary = Files.readString(dir.resolve("summary.json"));
        assertTrue(summary.contains("\"learningRateSchedule\": \"cosine\"") && summary.contains("; lr cosine"),
                summary);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(config(dir, 2, "outL", Guidance.NONE, Augmentation.NONE)));
        assertTrue(e.getMessage().contains("recipe"), "a constant-rate call never reuses the cosine run: "
                + e.getMessage());
    }

    @Test
    void distillationOnlyTrainsWithoutAnyTriplet() throws IOException {
        Guidance g = new Guidance("stub", DistanceDistillation.Kind.SQUARED_L2, 1f, 0f, false, 2);
        TrainingState s = run(config(tmp.resolve("runD"), 1, "outD", g, Augmentation.NONE));
        assertEquals(2, s.steps.size());
        for (TrainingState.Step st : s.steps) {
            assertTrue(Float.isNaN(st.tripletLoss), "triplet weight 0: no triplet loss");
            assertEquals(st.distillLoss, st.loss, 1e-6f);
        }
        assertTrue(s.epochs.get(1).valAuc != s.epochs.get(0).valAuc, "distillation alone moved the weights");
    }

    @Test
    void embeddingMatchingAloneTrainsIsLoggedAndNeedsTheStudentsLength() throws IOException {
        Guidance g = new Guidance("stub-128", null, 0f, 0f, false, 2, 1.5f);
        TrainingState s = run(config(tmp.resolve("runM"), 1, "outM", g, Augmentation.NONE));
        assertEquals(2, s.steps.size());
        for (TrainingState.Step st : s.steps) {
            assertTrue(Float.isNaN(st.tripletLoss), "triplet weight 0: no triplet loss");
            assertTrue(Float.isNaN(st.distillLoss), "no relational distillation asked for");
            assertTrue(st.matchLoss > 0 && st.matchLoss < 4, "squared distance of unit vectors: " + st.matchLoss);
            assertEquals(1.5f * st.matchLoss, st.loss, 1e-5f, "back-propagated total = 1.5 x matching");
        }
        // Validation AUC over this fixture's 15 pairs is too coarse to show a small move: compare the weights.
        assertTrue(trainedParametersDiffer(ModelStore.load(weights, "start", null),
                ModelStore.load(tmp.resolve("runM/checkpoint"), "last", null)), "matching alone moved the weights");
        assertTrue(Files.readString(tmp.resolve("runM/steps.csv")).lines().findFirst().orElseThrow()
                .endsWith(",match_loss,learning_rate"));
        ModelManifest best = ModelManifest.read(ModelStore.manifestFile(weights, "outM"));
        assertEquals(1.5, ((Number) best.history.get(best.history.size() - 1).get("embeddingMatchWeight"))
                .doubleValue(), 1e-9);

        // The 48-value stub cannot be matched by a 128-value student: refused with the reason, not trained on.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(config(
                tmp.resolve("runM48"), 1, "outM48", new Guidance("stub", null, 0f, 1f, false, 0, 1f),
                Augmentation.NONE)));
        assertTrue(e.getMessage().contains("student's length"), e.getMessage());
    }

    /** True when some parameter of the two models holds different values (same network, same parameter order). */
    private static boolean trainedParametersDiffer(FaceModel a, FaceModel b) {
        try (a; b) {
            var pa = a.net().block().getParameters();
            var pb = b.net().block().getParameters();
            assertEquals(pa.size(), pb.size());
            for (int i = 0; i < pa.size(); i++) {
                if (!java.util.Arrays.equals(pa.get(i).getValue().getArray().toFloatArray(),
                        pb.get(i).getValue().getArray().toFloatArray())) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void plainRunsNeedNoLandmarksAndGuidanceNeedsATeacher() {
        assertThrows(IllegalArgumentException.class,
                () -> new Guidance(null, DistanceDistillation.Kind.RKD, 1f, 1f, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new Guidance("stub", null, 0f, 0f, true, 0));
        assertFalse(Guidance.NONE.usesTeacher());
    }
}
