package oneshot.net.dlib;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import oneshot.cli.Cli;
import oneshot.cli.ImportWeightsCommand;
import oneshot.embed.FaceEmbedder;
import oneshot.io.AtomicFiles;
import oneshot.net.FaceModel;
import oneshot.net.ModelManifest;
import oneshot.net.ModelStore;
import oneshot.net.WeightFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The face-api.js importer on the real shared folder and on corrupted copies of it; save, load, auto-import. */
class DlibImportTest {
    static final String BIN = "face_recognition_model.bin";

    @TempDir
    Path tmp;

    /** A copy of the shared folder whose manifest and shard the test may damage. */
    Path copy() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        for (String f : new String[] {FaceApiWeights.MANIFEST, BIN}) {
            Files.copy(DlibImport.defaultSource().resolve(f), dir.resolve(f));
        }
        return dir;
    }

    static JsonArray weights(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve(FaceApiWeights.MANIFEST))).getAsJsonArray().get(0)
                .getAsJsonObject().getAsJsonArray("weights");
    }

    static void writeWeights(Path dir, JsonArray weights) throws IOException {
        JsonArray root = JsonParser.parseString(Files.readString(dir.resolve(FaceApiWeights.MANIFEST))).getAsJsonArray();
        root.get(0).getAsJsonObject().add("weights", weights);
        Files.writeString(dir.resolve(FaceApiWeights.MANIFEST), root.toString());
    }

    WeightFileException refused(Path dir) {
        return assertThrows(WeightFileException.class,
                () -> FaceApiWeights.read(dir, DlibImport.expectedShapes(new FaceRecognitionNet())));
    }

    @Test
    void readsAll117TensorsAndRecordsTheSourceSha256() throws IOException {
        FaceApiWeights.Result r = FaceApiWeights.read(DlibImport.defaultSource(),
                DlibImport.expectedShapes(new FaceRecognitionNet()));
        assertEquals(117, r.values().size());
        assertEquals(DlibImport.PARAMETERS, r.values().values().stream().mapToLong(v -> v.length).sum());
        // SOURCE.md of the shared folder
        assertEquals("b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589", r.sha256().get(BIN));
        assertEquals("cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b",
                r.sha256().get(FaceApiWeights.MANIFEST));
        // first value of the first tensor: q * scale + min of its manifest entry, in double then float
        JsonObject first = weights(DlibImport.defaultSource()).get(0).getAsJsonObject();
        JsonObject q = first.getAsJsonObject("quantization");
        int q0 = Files.readAllBytes(DlibImport.defaultSource().resolve(BIN))[0] & 0xff;
        assertEquals((float) (q0 * q.get("scale").getAsDouble() + q.get("min").getAsDouble()),
                r.values().get("conv32_down/conv/filters")[0], 0f);
    }

    @Test
    void truncatedShardIsRefusedWithItsByteCount() throws IOException {
        Path dir = copy();
        byte[] b = Files.readAllBytes(dir.resolve(BIN));
        Files.write(dir.resolve(BIN), java.util.Arrays.copyOf(b, b.length - 1));
        WeightFileException e = refused(dir);
        assertEquals(dir.resolve(BIN), e.file());
        assertTrue(e.getMessage().contains((b.length - 1) + " bytes") && e.getMessage().contains("need " + b.length),
                e.getMessage());
    }

    @Test
    void nanInAFloatTensorIsRefusedNamingTheTensor() throws IOException {
        Path dir = copy();
        JsonArray w = weights(dir);
        long offset = 0;
        String target = null;
        for (JsonElement el : w) {
            JsonObject t = el.getAsJsonObject();
            long n = 1;
            for (JsonElement d : t.getAsJsonArray("shape")) {
                n *= d.getAsLong();
            }
            if (!t.has("quantization")) {
                target = t.get("name").getAsString();
                break;
            }
            offset += n;
        }
        byte[] b = Files.readAllBytes(dir.resolve(BIN));
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat((int) offset + 4 * 5, Float.NaN);
        Files.write(dir.resolve(BIN), b);
        WeightFileException e = refused(dir);
        assertEquals("conv64_down/conv1/conv/filters", target);
        assertTrue(e.getMessage().contains("'" + target + "' value 5 is NaN"), e.getMessage());
    }

    @Test
    void infiniteQuantisationRangeIsRefused() throws IOException {
        Path dir = copy();
        JsonArray w = weights(dir);
        w.get(2).getAsJsonObject().getAsJsonObject("quantization").addProperty("scale", 1e308);
        writeWeights(dir, w);
        WeightFileException e = refused(dir);
        assertTrue(e.getMessage().contains("'conv32_down/scale/weights'") && e.getMessage().contains("Infinity"),
                e.getMessage());
    }

    @Test
    void unknownTensorIsRefusedByName() throws IOException {
        Path dir = copy();
        JsonArray w = weights(dir);
        w.get(w.size() - 1).getAsJsonObject().addProperty("name", "fc_extra");
        writeWeights(dir, w);
        WeightFileException e = refused(dir);
        assertEquals(dir.resolve(FaceApiWeights.MANIFEST), e.file());
        assertTrue(e.getMessage().contains("'fc_extra'") && e.getMessage().contains("does not have"), e.getMessage());
    }

    @Test
    void missingTensorIsRefusedByName() throws IOException {
        Path dir = copy();
        JsonArray w = weights(dir);
        w.remove(w.size() - 1); // fc: 256 x 128 uint8 values at the end of the shard
        writeWeights(dir, w);
        byte[] b = Files.readAllBytes(dir.resolve(BIN));
        Files.write(dir.resolve(BIN), java.util.Arrays.copyOf(b, b.length - 256 * 128));
        WeightFileException e = refused(dir);
        assertTrue(e.getMessage().contains("lacks 1 tensors") && e.getMessage().contains("[fc]"), e.getMessage());
    }

    @Test
    void wrongShapeIsRefusedByName() throws IOException {
        Path dir = copy();
        JsonArray w = weights(dir);
        JsonArray shape = new JsonArray();
        shape.add(128);
        shape.add(256);
        w.get(w.size() - 1).getAsJsonObject().add("shape", shape);
        writeWeights(dir, w);
        WeightFileException e = refused(dir);
        assertTrue(e.getMessage().contains("'fc' has shape [128, 256]"), e.getMessage());
    }

    @Test
    void folderWithoutManifestIsRefused() {
        WeightFileException e = refused(tmp);
        assertTrue(e.getMessage().contains(FaceApiWeights.MANIFEST) && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void importCommandSavesAManifestAndLoadsBackToTheSameEmbeddings() throws IOException {
        Path out = tmp.resolve("weights");
        assertEquals(0, Cli.run(new ImportWeightsCommand(), "--model", "dlib-resnet34", "--out", out.toString()));
        ModelManifest mf = ModelManifest.read(ModelStore.manifestFile(out, DlibImport.NAME));
        assertEquals("dlib-resnet34", mf.architecture);
        assertEquals(150, mf.inputSize);
        assertEquals("dlib-chip-150", mf.alignment);
        assertEquals(ModelManifest.SQUARED_L2_UNIT, mf.distance);
        assertTrue(mf.normaliseOutput);
        assertTrue(mf.isFullyTrained());
        assertEquals("dlibr34-" + AtomicFiles.sha256(ModelStore.paramsFile(out, DlibImport.NAME)).substring(0, 16), mf.modelId);
        assertEquals("b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589", mf.sourceSha256.get(BIN));

        DlibGoldenChips golden = DlibGoldenChips.load();
        float[] chips = golden.tensors(0, 2);
        try (FaceModel fresh = DlibImport.read(DlibImport.defaultSource());
                FaceModel loaded = ModelStore.load(out.resolve(DlibImport.NAME + "-0000.params").toString(), null)) {
            assertEquals(150, loaded.inputSize());
            assertEquals("dlib-chip-150", loaded.alignment());
            assertEquals(mf.modelId, loaded.modelId());
            assertArrayEquals(new FaceEmbedder(fresh, 2).embedTensors(chips, 2)[1],
                    new FaceEmbedder(loaded, 2).embedTensors(chips, 2)[1], 0f);
        }

        // the face-api.js folder is recognised without --model
        Path auto = tmp.resolve("auto");
        assertEquals(0, Cli.run(new ImportWeightsCommand(), "--weights", DlibImport.defaultSource().toString(), "--out",
                auto.toString()));
        assertArrayEquals(Files.readAllBytes(ModelStore.paramsFile(out, DlibImport.NAME)),
                Files.readAllBytes(ModelStore.paramsFile(auto, DlibImport.NAME)), "importing twice gives the same bytes");
        assertEquals(2, Cli.run(new ImportWeightsCommand(), "--model", "resnet", "--out", auto.toString()));
    }

    @Test
    void loadingTheNameImportsItWhenAbsentAndAReplacedFileIsRefused() throws IOException {
        Path dir = tmp.resolve("empty-weights");
        assertFalse(Files.exists(ModelStore.paramsFile(dir, DlibImport.NAME)));
        try (FaceModel m = ModelStore.load(dir, DlibImport.NAME, null)) {
            assertTrue(m.modelId().startsWith("dlibr34-"));
        }
        assertTrue(Files.isRegularFile(ModelStore.manifestFile(dir, DlibImport.NAME)));
        byte[] b = Files.readAllBytes(ModelStore.paramsFile(dir, DlibImport.NAME));
        b[b.length - 1] ^= 1;
        Files.write(ModelStore.paramsFile(dir, DlibImport.NAME), b);
        WeightFileException e = assertThrows(WeightFileException.class, () -> ModelStore.load(dir, DlibImport.NAME, null));
        assertTrue(e.getMessage().contains("does not match its manifest"), e.getMessage());
    }
    @Test
    void aModelIdNamesTheModelThatCarriesItAndAnUnknownIdIsRefused() throws IOException {
        Path dir = tmp.resolve("by-id");
        String id;
        try (FaceModel m = ModelStore.load(dir, DlibImport.NAME, null)) {
            id = m.modelId();
        }
        try (FaceModel byId = ModelStore.load(dir.resolve(id).toString(), null)) {
            assertEquals(id, byId.modelId());
            assertEquals("dlib-chip-150", byId.alignment());
        }
        String unknown = "dlibr34-0123456789abcdef";
        WeightFileException e = assertThrows(WeightFileException.class, () -> ModelStore.load(dir, unknown, null));
        assertTrue(e.getMessage().contains("no model in") && e.getMessage().contains(unknown), e.getMessage());
    }
}
