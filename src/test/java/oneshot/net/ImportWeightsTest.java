package oneshot.net;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.cli.Cli;
import oneshot.cli.ImportWeightsCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The importer on the real shared folders: complete, partial, corrupt, saved and loaded back. */
class ImportWeightsTest {
    static final List<String> MISSING = List.of("inception_3c_3x3_conv2_w", "inception_4e_3x3_conv2_w",
            "inception_5a_3x3_conv2_w", "inception_5a_1x1_conv_w", "inception_5b_3x3_conv2_w");

    @TempDir
    Path tmp;

    @Test
    void partialSetIsRefusedWithoutTheOption() {
        int code = Cli.run(new ImportWeightsCommand(), "--out", tmp.toString());
        assertEquals(1, code);
        assertFalse(Files.exists(tmp.resolve("nn4.small2.v1-partial-0000.params")));
    }

    @Test
    void partialImportMarksMissingLayersUntrainedAndIsReproducible() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        assertEquals(0, Cli.run(new ImportWeightsCommand(), "--allow-missing", "--out", a.toString()));
        assertEquals(0, Cli.run(new ImportWeightsCommand(), "--allow-missing", "--out", b.toString()));
        String name = "nn4.small2.v1-partial";
        assertArrayEquals(Files.readAllBytes(ModelStore.paramsFile(a, name)), Files.readAllBytes(ModelStore.paramsFile(b, name)),
                "importing twice must give identical parameter bytes");
        ModelManifest mf = ModelManifest.read(ModelStore.manifestFile(a, name));
        assertEquals(sorted(MISSING), sorted(mf.missingTensors));
        assertEquals(mf.missingTensors, mf.untrainedTensors);
        assertFalse(mf.isFullyTrained());
        assertEquals(219, mf.sourceSha256.size());
        assertTrue(mf.sourceSha256.values().stream().allMatch(s -> s.matches("[0-9a-f]{64}")));
        try (FaceModel m = ModelStore.load(a, name, null)) {
            assertTrue(m.warnIfUntrained("Verification"));
            assertEquals(mf.modelId, m.modelId());
        }
    }

    static java.util.Set<String> sorted(List<String> l) {
        return new java.util.TreeSet<>(l);
    }

    @Test
    void completeSetSavesAndLoadsBackToTheSameEmbeddings() throws IOException {
        float[] input = new float[3 * 96 * 96];
        for (int i = 0; i < input.length; i++) {
            input[i] = (i * 7919 % 256) / 255f;
        }
        float[] before;
        try (FaceModel m = GoldenWeights.model(LrnMode.TORCH)) {
            assertTrue(m.isFullyTrained());
            before = embed(m, input);
            ModelStore.save(m, tmp, "golden");
        }
        try (FaceModel loaded = ModelStore.load(tmp.resolve("golden-0000.params").toString(), null)) {
            assertTrue(loaded.isFullyTrained());
            assertArrayEquals(before, embed(loaded, input), 0f);
        }
    }

    @Test
    void tamperedOrForeignFilesAreRefused() throws IOException {
        try (FaceModel m = GoldenWeights.model(LrnMode.TORCH)) {
            ModelStore.save(m, tmp, "x");
        }
        Path params = ModelStore.paramsFile(tmp, "x");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        WeightFileException e = assertThrows(WeightFileException.class, () -> ModelStore.load(tmp, "x", null));
        assertTrue(e.getMessage().contains("does not match its manifest"), e.getMessage());

        Files.writeString(ModelStore.manifestFile(tmp, "y"), "{\"architecture\":\"resnet50\",\"parametersSha256\":\"00\"}");
        Files.write(ModelStore.paramsFile(tmp, "y"), bytes);
        e = assertThrows(WeightFileException.class, () -> ModelStore.load(tmp, "y", null));
        assertTrue(e.getMessage().contains("resnet50"), e.getMessage());
    }

    @Test
    void corruptCsvIsNamedAndUnrelatedFilesIgnored() throws IOException {
        Path folder = tmp.resolve("w");
        Files.createDirectories(folder);
        try (Stream<Path> s = Files.list(SharedData.require("weights/keras-openface"))) {
            for (Path p : s.toList()) {
                Files.copy(p, folder.resolve(p.getFileName()));
            }
        }
        Files.writeString(folder.resolve("notes.txt"), "unrelated");
        Files.delete(folder.resolve("bn2_v.csv"));
        Files.writeString(folder.resolve("bn2_v.csv"), "0.5,0.25,nan\n");
        try (FaceModel m = FaceModel.createInitialized(LrnMode.TORCH)) {
            KerasOpenFaceImporter imp = new KerasOpenFaceImporter(new WeightLayout(m.net()));
            WeightFileException e = assertThrows(WeightFileException.class, () -> imp.read(folder, true));
            assertTrue(e.getMessage().contains("bn2_v.csv"), e.getMessage());
            assertThrows(WeightFileException.class, () -> imp.read(tmp, true), "a folder without tensors");
            Files.delete(folder.resolve("bn2_v.csv"));
            e = assertThrows(WeightFileException.class, () -> imp.read(folder, true));
            assertTrue(e.getMessage().contains("bn2_v"), "missing BN stats cannot be He-initialised: " + e.getMessage());
        }
    }

    @Test
    void fillFolderCompletesThePartialExport() throws IOException {
        try (FaceModel m = FaceModel.createInitialized(LrnMode.TORCH)) {
            KerasOpenFaceImporter.Result r = new KerasOpenFaceImporter(new WeightLayout(m.net())).read(GoldenWeights.folders(), false);
            assertTrue(r.complete());
            assertEquals(224, r.values().size());
            assertNotEquals(r.sha256().get("conv1_w"), r.sha256().get("conv2_w"));
        }
    }

    static float[] embed(FaceModel m, float[] chw) {
        try (NDManager mgr = m.model().getNDManager().newSubManager()) {
            return m.net().block().forward(new ParameterStore(mgr, false),
                    new ai.djl.ndarray.NDList(mgr.create(chw, new Shape(1, 3, 96, 96))), false).singletonOrThrow().toFloatArray();
        }
    }
}
