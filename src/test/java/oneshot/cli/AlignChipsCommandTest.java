package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oneshot.SharedData;
import oneshot.align.ShapePredictorReader;
import oneshot.detect.DlibGolden;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.pipeline.AlignCsv;
import oneshot.pipeline.GoldenComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Align --alignment dlib-chip-150} on the 40 bbt golden images (MTCNN boxes, the product path): 150x150 chips
 * near real dlib's, rows labelled {@code dlib-chip-150}; the folder then refuses OpenFace crops; a bad label is a usage
 * error.
 */
class AlignChipsCommandTest {

    @Test
    void alignsBbtToDlibChipsAndRefusesToMixAlignments(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isRegularFile(ShapePredictorReader.defaultPath()), "dlib model absent (apt-get install libdlib-data)");
        Path in = SharedData.require("data/bbt");
        Path out = tmp.resolve("chips");
        assertEquals(0, Cli.run(new AlignCommand(), "--input", in.toString(), "--output", out.toString(),
                "--alignment", "dlib-chip-150", "--threads", "2"));

        ImageDecoder decoder = new ImageDecoder();
        Path golden = SharedData.require("golden/dlib-chip/bbt/chips");
        int column = AlignCsv.HEADER.indexOf("alignment");
        int chips = 0;
        double pixelDiff = 0, landmarkPx = 0;
        try (AlignCsv csv = AlignCsv.open(out.resolve("align.csv"))) {
            for (DlibGolden g : DlibGolden.read(SharedData.require("golden/dlib-align/bbt/align.tsv"))) {
                List<String> row = csv.row(g.path());
                assertTrue(row != null, "no row for " + g.path());
                if (!row.get(row.size() - 1).isEmpty()) continue;
                assertEquals("dlib-chip-150", row.get(column));
                String png = g.path().replaceAll("\\.[^./]+$", "") + ".png";
                RgbImage chip = decoder.decode(out.resolve(png));
                assertEquals(150, chip.width());
                assertEquals(150, chip.height());
                pixelDiff += GoldenComparison.meanAbsDiff(chip, decoder.decode(golden.resolve(png)));
                String[] pts = row.get(AlignCsv.HEADER.indexOf("landmarks68")).split(";");
                double d = 0;
                for (int i = 0; i < 68; i++) {
                    String[] xy = pts[i].split(" ");
                    d += Math.hypot(Integer.parseInt(xy[0]) - g.x(i), Integer.parseInt(xy[1]) - g.y(i)) / 68;
                }
                landmarkPx += d;
                chips++;
            }
        }
        pixelDiff /= chips;
        landmarkPx /= chips;
        System.out.printf("Align --alignment dlib-chip-150, bbt: %d chips, landmarks %.2f px from dlib's, chips differ from "
                + "dlib's by %.2f per byte on average%n", chips, landmarkPx, pixelDiff);
        // measured: 40 chips, 1.10 px, 4.45 per byte (the same figures as the pipeline test)
        assertEquals(40, chips);
        assertTrue(landmarkPx < 2.0, "mean landmark distance " + landmarkPx);
        assertTrue(pixelDiff < 6, "mean chip difference " + pixelDiff);
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals(40, report.getAsJsonObject("alignment").get("dlib-chip-150").getAsInt());

        String err = stderrOf(() -> assertEquals(1, Cli.run(new AlignCommand(), "--input", in.toString(), "--output",
                out.toString(), "--alignment", "dlib-3point")));
        assertTrue(err.contains("already holds crops of another alignment (40 dlib-chip-150") && err.contains("dlib-3point"),
                err);
    }

    @Test
    void anUnknownAlignmentIsAUsageError(@TempDir Path tmp) throws Exception {
        String err = stderrOf(() -> assertEquals(2, Cli.run(new AlignCommand(), "--output", tmp.toString(),
                "--alignment", "mtcnn-5point-fallback")));
        assertTrue(err.contains("expected dlib-3point or dlib-chip-150"), err);
    }

    private static String stderrOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString();
    }
}
