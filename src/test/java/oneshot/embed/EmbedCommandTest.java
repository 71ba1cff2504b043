package oneshot.embed;

import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.cli.Cli;
import oneshot.cli.EmbedCommand;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.net.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Embed job end to end on the golden inputs: CSV + binary, unreadable files listed, resume after a crash. */
class EmbedCommandTest {
    @TempDir
    Path tmp;

    Path setUp() throws IOException {
        try (FaceModel m = GoldenWeights.model(LrnMode.TORCH)) {
            ModelStore.save(m, tmp.resolve("weights"), "golden");
        }
        Path data = tmp.resolve("faces");
        Path src = SharedData.require("golden/nn4/inputs");
        for (String n : List.of("00_Aaron_Eckhart_0001", "01_George_W_Bush_0001", "02_Serena_Williams_0001")) {
            String person = n.substring(3, n.length() - 5);
            Files.createDirectories(data.resolve(person));
            Files.copy(src.resolve(n + ".png"), data.resolve(person).resolve(n + ".png"));
        }
        Files.writeString(data.resolve("George_W_Bush").resolve("broken.png"), "not a png");
        return data;
    }

    int run(Path data, Path csv) {
        return Cli.run(new EmbedCommand(), "--input", data.toString(), "--model",
                tmp.resolve("weights/golden-0000.params").toString(), "--out", csv.toString(), "--batch", "2");
    }

    @Test
    void writesCsvAndBinaryWithLabelsAndGoldenVectors() throws IOException {
        Path data = setUp();
        Path csv = tmp.resolve("out/faces.csv");
        assertEquals(0, run(data, csv));
        EmbeddingTable t = EmbeddingTable.read(csv);
        EmbeddingTable b = EmbeddingTable.read(tmp.resolve("out/faces.emb"));
        assertEquals(3, t.size(), "the broken file is listed, not embedded");
        assertEquals("Aaron_Eckhart/00_Aaron_Eckhart_0001.png", t.path(0));
        assertEquals("George_W_Bush", t.label(1));
        assertEquals(t.modelId(), b.modelId());
        assertTrue(t.modelId().startsWith("nn4s2-"));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(t.vector(i), b.vector(i), 0f);
            assertArrayEquals(FaceEmbedderTest.goldenOf(i), t.vector(i), 1e-6f);
        }
        assertFalse(Files.exists(Path.of(csv + ".partial")));
    }

    @Test
    void resumesFromAPartialRunWithATornLastLine() throws IOException {
        Path data = setUp();
        Path csv = tmp.resolve("out/faces.csv");
        assertEquals(0, run(data, csv));
        List<String> full = Files.readAllLines(csv);
        String modelLine = full.get(0);
        // Simulate a crash: row 1 done (planted with a marker value), row 2 cut mid-line.
        String planted = full.get(2).replaceFirst(",[^,]+$", ",0.5");
        String torn = full.get(3).substring(0, full.get(3).length() / 2);
        Files.delete(csv);
        Files.writeString(Path.of(csv + ".partial"), modelLine + "\n" + planted + "\n" + torn);
        assertEquals(0, run(data, csv));
        EmbeddingTable t = EmbeddingTable.read(csv);
        assertEquals(3, t.size());
        assertEquals(0.5f, t.vector(0)[127], "a finished row is kept, not recomputed");
        assertArrayEquals(FaceEmbedderTest.goldenOf(1), t.vector(1), 1e-6f);
    }
}
