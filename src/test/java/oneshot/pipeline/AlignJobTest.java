package oneshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import oneshot.SharedData;
import oneshot.detect.EngineThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Align job on a small dataset with every kind of outcome, then resumed after a crash-like interruption. */
class AlignJobTest {
    private static FacePipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        EngineThreads.defaultToOne();
        pipeline = FacePipeline.load();
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    @Test
    void alignsListsFailuresAndResumesWithoutRedoingWork(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in.resolve("Aaron_Eckhart"));
        Files.createDirectories(in.resolve("group"));
        Files.createDirectories(in.resolve("broken"));
        Files.copy(SharedData.require("data/lfw/Aaron_Eckhart/Aaron_Eckhart_0001.jpg"),
                in.resolve("Aaron_Eckhart/Aaron_Eckhart_0001.jpg"));
        Files.copy(SharedData.require("data/bbt-scenes/bbt4.jpg"), in.resolve("group/bbt4.jpg"));
        Files.writeString(in.resolve("broken/not_an_image.jpg"), "this is not a JPEG");
        BufferedImage blank = new BufferedImage(120, 100, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(blank, "png", in.resolve("broken/blank.png").toFile());

        AlignJob job = new AlignJob(pipeline, in, out, 2);
        AlignJob.RunStats first = job.run();
        assertEquals(4, first.total());
        assertEquals(4, first.processed());
        assertEquals(2, first.failed());

        List<List<String>> rows;
        try (AlignCsv csv = AlignCsv.open(job.csvFile())) {
            rows = csv.rows();
            List<String> lfw = csv.row("Aaron_Eckhart/Aaron_Eckhart_0001.jpg");
            assertEquals("", lfw.get(16));
            assertEquals(pipeline.alignment().label(), lfw.get(14));
            assertEquals(68, lfw.get(13).split(";").length);
            List<String> group = csv.row("group/bbt4.jpg");
            assertTrue(Integer.parseInt(group.get(1)) >= 3, "faces in the group photo: " + group.get(1));
            assertEquals(Integer.parseInt(group.get(1)), group.get(15).split(";").length);
            assertEquals("no face", csv.row("broken/blank.png").get(16));
            assertTrue(csv.row("broken/not_an_image.jpg").get(16).startsWith("unreadable image"),
                    csv.row("broken/not_an_image.jpg").get(16));
        }
        assertEquals(4, rows.size());
        BufferedImage crop = ImageIO.read(job.cropFile("Aaron_Eckhart/Aaron_Eckhart_0001.jpg").toFile());
        assertEquals(96, crop.getWidth());
        assertEquals(96, crop.getHeight());
        assertTrue(Files.isRegularFile(out.resolve("group/bbt4.png")));
        assertFalse(Files.exists(out.resolve("broken/blank.png")));

        JsonObject report = JsonParser.parseString(Files.readString(job.reportFile())).getAsJsonObject();
        assertEquals(4, report.get("images").getAsInt());
        assertEquals(2, report.get("with_face").getAsInt());
        assertEquals(1, report.get("no_face").getAsInt());
        assertEquals(1, report.get("unreadable").getAsInt());
        assertEquals(1, report.get("several_faces").getAsInt());

        // a crash: one crop lost (its temp file left behind), a half-written row at the end of the CSV
        Files.delete(out.resolve("group/bbt4.png"));
        Files.writeString(out.resolve("group/.bbt4.png.12345.tmp"), "half a PNG");
        Files.writeString(job.csvFile(), "Aaron_Eckhart/Aaron_Eckhart_0002.jpg,1,0,0.9", java.nio.file.StandardOpenOption.APPEND);
        AlignJob.RunStats second = new AlignJob(pipeline, in, out, 2).run();
        assertEquals(3, second.skipped());
        assertEquals(1, second.processed());
        assertTrue(Files.isRegularFile(out.resolve("group/bbt4.png")));
        try (AlignCsv csv = AlignCsv.open(job.csvFile())) {
            assertEquals(4, csv.rows().size());
        }
        AlignJob.RunStats third = new AlignJob(pipeline, in, out, 2).run();
        assertEquals(0, third.processed());
        try (var s = Files.list(out.resolve("group"))) {
            assertEquals(List.of(out.resolve("group/bbt4.png")), s.toList(), "no temp files left");
        }
    }

    @Test
    void csvFieldsWithCommasAndQuotesRoundTrip() {
        List<String> f = List.of("a,b/c \"d\".jpg", "1", "");
        String line = AlignCsv.format(f);
        assertEquals(f, AlignCsv.parse(line.substring(0, line.length() - 1)));
    }
}
