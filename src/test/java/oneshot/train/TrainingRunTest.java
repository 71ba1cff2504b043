package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
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
 * The training loop end to end on a tiny synthetic set (8 people x 4 images of 96x96 noise around a per-person
 * pattern): reports and best model written, the untrained mark cleared, a seed reproduces the step losses, and a run
 * killed after an epoch's checkpoint resumes at the next epoch.
 */
class TrainingRunTest {
    private static final List<String> MISSING = List.of("inception_5a_1x1_conv_w", "inception_5b_3x3_conv2_w");

    @TempDir
    static Path tmp;

    private static Path data;
    private static Path weights;
    private static Path splitFile;

    @BeforeAll
    static void prepare() throws IOException {
        data = tmp.resolve("faces");
        Random r = new Random(4);
        for (int p = 0; p < 8; p++) {
            int[] base = new int[96 * 96];
            for (int i = 0; i < base.length; i++) {
                base[i] = r.nextInt(256);
            }
            Path dir = Files.createDirectories(data.resolve("person" + p));
            for (int j = 0; j < 4; j++) {
                BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
                for (int i = 0; i < base.length; i++) {
                    int v = Math.max(0, Math.min(255, base[i] + r.nextInt(41) - 20));
                    img.setRGB(i % 96, i / 96, (v << 16) | ((255 - v) << 8) | (v / 2));
                }
                ImageIO.write(img, "png", dir.resolve("img" + j + ".png").toFile());
            }
        }
        IdentitySplit split = IdentitySplitter.random("tiny", IdentityFolder.scan(data), 0.25, 0.0, 1);
        splitFile = split.write(tmp.resolve("splits"));
        weights = tmp.resolve("weights");
        try (FaceModel m = FaceModel.createInitialized(LrnMode.TORCH)) {
            m.manifest().untrainedTensors = new java.util.ArrayList<>(MISSING);
            m.manifest().missingTensors = new java.util.ArrayList<>(MISSING);
            ModelStore.save(m, weights, "start");
        }
    }

    private static TrainConfig config(Path runDir, int maxEpochs, String out) {
        return config(runDir, maxEpochs, out, "batch-hard");
    }

    private static TrainConfig config(Path runDir, int maxEpochs, String out, String miner) {
        return new TrainConfig(data, splitFile, weights, "start", out, null, miner, 0.2f, 3, 2, 1e-3f,
                maxEpochs, 5, 0, 2, 10, 7, runDir, tmp.resolve("cache"));
    }

    @Test
    void stepBudgetStopsBeforeTheEpochThatWouldStartPastIt() throws IOException {
        // 2 steps per epoch: a budget of 3 lets epoch 2 start (2 done) and stops before epoch 3 (4 done)
        TrainingState s = new TrainingRun(config(tmp.resolve("runBudget"), 10, "outBudget", "batch-hard")
                .withMaxSteps(3)).run();
        assertEquals(List.of(0, 1, 2), s.epochs.stream().map(e -> e.epoch).toList());
        assertEquals(4, s.steps.size());
        assertEquals("step budget of 3 steps used (4 done)", s.stopReason);
        assertEquals(List.of(2, 2), s.epochs.stream().filter(e -> e.epoch >= 1).map(e -> e.steps).toList());
    }

    @Test
    void runsReproducesAndResumes() throws IOException {
        TrainingState a = new TrainingRun(config(tmp.resolve("runA"), 2, "outA")).run();
        assertEquals(List.of(0, 1, 2), a.epochs.stream().map(e -> e.epoch).toList());
        assertEquals(4, a.steps.size());
        assertEquals("reached max epochs (2)", a.stopReason);
        for (String f : List.of("steps.csv", "epochs.csv", "training-curves.png", "validation-curves.png",
                "summary.json", "state.json")) {
            assertTrue(Files.size(tmp.resolve("runA").resolve(f)) > 0, f);
        }
        assertEquals(5, Files.readAllLines(tmp.resolve("runA/steps.csv")).size());
        assertTrue(a.bestEpoch >= 1, "the seeded toy run improves on the random start; best epoch " + a.bestEpoch);
        {
            ModelManifest best = ModelManifest.read(ModelStore.manifestFile(weights, "outA"));
            assertTrue(best.untrainedTensors.isEmpty(), "training clears the untrained mark of the layers it trained");
            assertTrue(best.history.get(best.history.size() - 1).get("split").toString().contains("tiny.json"));
        }

        // Same seed, stopped after epoch 1 ...
        Path runC = tmp.resolve("runC");
        assertFalse(new TrainingRun(config(runC, 1, "outC")).isFinished(), "nothing there yet");
        TrainingState c1 = new TrainingRun(config(runC, 1, "outC")).run();
        assertTrue(new TrainingRun(config(runC, 1, "outC")).isFinished());
        for (int i = 0; i < 2; i++) {
            assertEquals(a.steps.get(i).loss, c1.steps.get(i).loss, 1e-5f, "seeded run repeats step " + i);
        }
        // ... then "killed" right after that checkpoint: the state no longer says it finished.
        TrainingState killed = TrainingState.read(runC.resolve("state.json"));
        killed.stopReason = null;
        killed.write(runC.resolve("state.json"));
        assertFalse(new TrainingRun(config(runC, 2, "outC")).isFinished(), "a killed run is resumed, not read back");
        TrainingState c2 = new TrainingRun(config(runC, 2, "outC")).run();
        assertEquals(List.of(0, 1, 2), c2.epochs.stream().map(e -> e.epoch).toList(), "epoch 1 is not redone");
        assertEquals(4, c2.steps.size());
        // The first step of epoch 2 sees the epoch-1 checkpoint weights, the same batch and the same mining.
        assertEquals(a.steps.get(2).loss, c2.steps.get(2).loss, 1e-5f);
    }

    @Test
    void aFinishedRunIsExtendedWhenMoreEpochsAreAskedFor() throws IOException {
        TrainingState whole = new TrainingRun(config(tmp.resolve("runTwoEpochs"), 2, "outTwoEpochs")).run();
        Path run = tmp.resolve("runExtended");
        new TrainingRun(config(run, 1, "outExtended")).run();
        assertTrue(new TrainingRun(config(run, 1, "outExtended")).isFinished(), "the same limit: read back");
        assertFalse(new TrainingRun(config(run, 2, "outExtended")).isFinished(), "a higher limit: extended");
        TrainingState extended = new TrainingRun(config(run, 2, "outExtended")).run();
        assertEquals(List.of(0, 1, 2), extended.epochs.stream().map(e -> e.epoch).toList(), "epoch 1 is not redone");
        assertEquals("reached max epochs (2)", extended.stopReason);
        // the first step of epoch 2 starts from the epoch-1 checkpoint, as in the run trained in one go
        assertEquals(whole.steps.get(2).loss, extended.steps.get(2).loss, 1e-5f);
        assertTrue(new TrainingRun(config(run, 2, "outExtended")).isFinished());
    }

    @Test
    void anEarlyStoppedRunAskedForALearningRateDropGoesOnAtATenthOfTheRate() throws IOException {
        Path run = tmp.resolve("runDrop");
        new TrainingRun(config(run, 1, "outDrop")).run();
        // make it the run that early stopping ended: patience (5) used up since its best epoch
        TrainingState stopped = TrainingState.read(run.resolve("state.json"));
        stopped.epochsWithoutImprovement = 5;
        stopped.stopReason = "early stopping: no better validation AUC for 5 epochs";
        stopped.write(run.resolve("state.json"));
        assertTrue(new TrainingRun(config(run, 3, "outDrop")).isFinished(), "no drop allowed: it stays stopped");
        assertFalse(new TrainingRun(config(run, 3, "outDrop").withLrDrops(1)).isFinished(), "a drop left: extended");

        TrainingState dropped = new TrainingRun(config(run, 3, "outDrop").withLrDrops(1)).run();
        assertEquals(1, dropped.lrDrops);
        assertEquals("reached max epochs (3)", dropped.stopReason);
        for (TrainingState.Step st : dropped.steps) {
            float expected = st.epoch == 1 ? 1e-3f : 1e-4f;
            assertEquals(expected, st.learningRate, 1e-9f, "epoch " + st.epoch + " step " + st.step);
        }
        assertEquals(List.of(0, 1, 2, 3), dropped.epochs.stream().map(e -> e.epoch).toList());
        // after its drop the run has patience 5 again, and the drop done stays done when it is extended again
        TrainingState again = new TrainingRun(config(run, 4, "outDrop").withLrDrops(1)).run();
        assertEquals(1e-4f, again.steps.get(again.steps.size() - 1).learningRate, 1e-9f);
        assertEquals(1, again.lrDrops);
    }

    @Test
    void aFinishedRunIsNeverReadBackForOtherLayersSeedOrOptimiser() throws IOException {
        Path run = tmp.resolve("runSettings");
        TrainingState done = new TrainingRun(config(run, 1, "outSettings")).run();
        assertEquals("reached max epochs (1)", done.stopReason);
        assertEquals(done.steps.size(), new TrainingRun(config(run, 1, "outSettings")).run().steps.size(),
                "the same settings read the finished run back");
        // layers, seed, learning rate: each alone makes it another run (before, layers and seed went unnoticed)
        List<TrainConfig> others = List.of(
                new TrainConfig(data, splitFile, weights, "start", "outSettings", ".*", "batch-hard", 0.2f, 3, 2,
                        1e-3f, 1, 5, 0, 2, 10, 7, run, tmp.resolve("cache")),
                new TrainConfig(data, splitFile, weights, "start", "outSettings", null, "batch-hard", 0.2f, 3, 2,
                        1e-3f, 1, 5, 0, 2, 10, 8, run, tmp.resolve("cache")),
                new TrainConfig(data, splitFile, weights, "start", "outSettings", null, "batch-hard", 0.2f, 3, 2,
                        3e-4f, 1, 5, 0, 2, 10, 7, run, tmp.resolve("cache")));
        List<String> named = List.of("layers", "seed 7 there, 8 asked for", "Adam 3.0E-4");
        for (int i = 0; i < others.size(); i++) {
            TrainConfig other = others.get(i);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new TrainingRun(other).run());
            assertTrue(e.getMessage().contains(named.get(i)) && e.getMessage().contains("Delete the folder"),
                    e.getMessage());
        }
        assertEquals(done.steps.size(), TrainingState.read(run.resolve("state.json")).steps.size(),
                "a refused call leaves the finished run as it was");
    }

    @Test
    void offlineMiningTrainsFromTheEpochTable() throws IOException {
        TrainingState s = new TrainingRun(config(tmp.resolve("runOffline"), 1, "outOffline", "offline-batch-hard"))
                .run();
        assertEquals(2, s.steps.size());
        for (TrainingState.Step st : s.steps) {
            // Batch-hard on the table: one triplet per anchor of the pool, so every pool image is an anchor.
            assertTrue(st.triplets > 0 && st.triplets == st.candidatePairs, st.triplets + " / " + st.candidatePairs);
        }
    }

    @Test
    void unknownMinerFailsBeforeAnyWork() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new TrainingRun(config(tmp.resolve("runBad"), 1, "outBad", "hardest")).run());
        assertTrue(e.getMessage().contains("hardest"));
    }
}
