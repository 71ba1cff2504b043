package oneshot.net.dlib;

import oneshot.SharedData;
import oneshot.cli.Cli;
import oneshot.cli.EmbedCommand;
import oneshot.embed.EmbeddingTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Embed --model dlib-resnet34} on real dlib chips gives face-api.js's descriptors, unit-normalised. */
class DlibEmbedCommandTest {
    @TempDir
    Path tmp;

    @Test
    void embeddingTheGoldenLfwChipsGivesTheGoldenDescriptorsUnitNormalised() throws IOException {
        Path weights = tmp.resolve("weights");
        DlibImport.importInto(DlibImport.defaultSource(), weights, DlibImport.NAME).close();
        Path csv = tmp.resolve("out/lfw.csv");
        assertEquals(0, Cli.run(new EmbedCommand(), "--input", SharedData.require("golden/dlib-chip/lfw/chips").toString(),
                "--model", paramsOf(weights), "--out", csv.toString()));
        EmbeddingTable t = EmbeddingTable.read(csv);
        DlibGoldenChips golden = DlibGoldenChips.load();
        assertEquals(75, t.size());
        assertTrue(t.modelId().startsWith("dlibr34-"));
        double max = 0;
        int compared = 0;
        for (int i = 0; i < golden.size(); i++) {
            String p = golden.paths().get(i);
            if (!p.startsWith("lfw/")) {
                continue;
            }
            int row = t.indexOf(p.substring(4).replaceFirst("\\.jpg$", ".png"));
            float[] want = golden.descriptors()[i];
            double norm = 0;
            for (float v : want) {
                norm += (double) v * v;
            }
            for (int k = 0; k < 128; k++) {
                double d = Math.abs(t.vector(row)[k] - want[k] / Math.sqrt(norm));
                assertTrue(d <= 1e-4, p + " e" + k + " differs by " + d);
                max = Math.max(max, d);
            }
            compared++;
        }
        assertEquals(75, compared);
        System.out.printf("Embed --model dlib-resnet34 on golden lfw chips: max |diff| %.3g (unit-normalised)%n", max);
    }

    @Test
    void cropsOfAnotherSizeAreListedNotEmbedded() throws IOException {
        Path weights = tmp.resolve("weights");
        DlibImport.importInto(DlibImport.defaultSource(), weights, DlibImport.NAME).close();
        Path in = tmp.resolve("in/Someone");
        Files.createDirectories(in);
        Files.copy(SharedData.require("golden/dlib-chip/lfw/chips/AJ_Cook/AJ_Cook_0001.png"), in.resolve("chip.png"));
        Files.copy(SharedData.require("golden/nn4/inputs/00_Aaron_Eckhart_0001.png"), in.resolve("crop96.png"));
        Path csv = tmp.resolve("out/in.csv");
        PrintStream old = System.out;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        System.setOut(new PrintStream(text, true));
        try {
            assertEquals(0, Cli.run(new EmbedCommand(), "--input", tmp.resolve("in").toString(), "--model",
                    paramsOf(weights), "--out", csv.toString()));
        } finally {
            System.setOut(old);
        }
        assertEquals(1, EmbeddingTable.read(csv).size());
        assertTrue(text.toString().contains("Someone/crop96.png: is 96x96, dlib-resnet34 reads dlib-chip-150 crops of 150x150"),
                text.toString());
    }

    @Test
    void anAlignFolderOfOpenFaceCropsIsRefusedForDlibsNetwork() throws IOException {
        Path weights = tmp.resolve("weights");
        DlibImport.importInto(DlibImport.defaultSource(), weights, DlibImport.NAME).close();
        Path folder = tmp.resolve("aligned");
        Files.createDirectories(folder.resolve("Someone"));
        Files.copy(SharedData.require("golden/nn4/inputs/00_Aaron_Eckhart_0001.png"), folder.resolve("Someone/a.png"));
        java.util.List<String> row = new java.util.ArrayList<>(java.util.Collections.nCopies(
                oneshot.pipeline.AlignCsv.HEADER.size(), ""));
        row.set(0, "Someone/a.jpg");
        row.set(oneshot.pipeline.AlignCsv.HEADER.indexOf("alignment"), "dlib-3point");
        try (oneshot.pipeline.AlignCsv csv = oneshot.pipeline.AlignCsv.open(folder.resolve("align.csv"))) {
            csv.append(row);
        }
        Path out = tmp.resolve("out/aligned.csv");
        assertEquals(2, Cli.run(new EmbedCommand(), "--input", folder.toString(), "--model", paramsOf(weights),
                "--out", out.toString()));
        assertTrue(!Files.exists(out), "nothing written");
    }

    private static String paramsOf(Path weights) {
        return oneshot.net.ModelStore.paramsFile(weights, DlibImport.NAME).toString();
    }
}
