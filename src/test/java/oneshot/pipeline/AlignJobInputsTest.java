package oneshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import oneshot.SharedData;
import oneshot.detect.EngineThreads;
import oneshot.embed.ImageFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16 item 3: every input file gets a row (with the reason when not aligned) and its own crop name. */
class AlignJobInputsTest {
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
    void sameStemDifferentFormatsWebpAndBrokenLinksAllGetRows(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path people = Files.createDirectories(in.resolve("people"));
        // two different people under one stem: before, both were written to people/a.png
        Files.copy(SharedData.require("data/lfw/Aaron_Eckhart/Aaron_Eckhart_0001.jpg"), people.resolve("a.jpg"));
        ImageIO.write(ImageIO.read(SharedData.require("data/bbt/penny/penny1.png").toFile()), "png",
                people.resolve("a.png").toFile());
        Files.write(people.resolve("b.webp"), "RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.createSymbolicLink(people.resolve("dangling.jpg"), people.resolve("missing.jpg"));
        Files.createSymbolicLink(people.resolve("loop1.jpg"), people.resolve("loop2.jpg"));
        Files.createSymbolicLink(people.resolve("loop2.jpg"), people.resolve("loop1.jpg"));
        Files.createSymbolicLink(people.resolve("back"), in);    // a folder link looping back: not entered, no crash

        Path out = tmp.resolve("out");
        AlignJob job = new AlignJob(pipeline, in, out, 1);
        AlignJob.RunStats s = job.run();
        assertEquals(6, s.total());
        try (AlignCsv csv = AlignCsv.open(job.csvFile())) {
            assertEquals(6, csv.rows().size());
            assertEquals("", csv.row("people/a.jpg").get(16));
            assertEquals("", csv.row("people/a.png").get(16));
            assertTrue(csv.row("people/b.webp").get(16).contains("WebP images are not supported"),
                    csv.row("people/b.webp").get(16));
            assertTrue(csv.row("people/dangling.jpg").get(16).contains("dangling link"), csv.row("people/dangling.jpg").get(16));
            assertTrue(csv.row("people/loop1.jpg").get(16).contains("link that cannot be followed"),
                    csv.row("people/loop1.jpg").get(16));
            assertTrue(csv.row("people/loop2.jpg").get(16).contains("link that cannot be followed"));
        }
        Path ja = job.cropFile("people/a.jpg");
        Path pa = job.cropFile("people/a.png");
        assertEquals(out.resolve("people/a.jpg.png"), ja);
        assertEquals(out.resolve("people/a.png.png"), pa);
        assertFalse(Files.exists(out.resolve("people/a.png")));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(ja), Files.readAllBytes(pa)), "two faces, two crops");
        assertEquals(2, ImageFiles.list(out).size(), "exactly the two crops");
    }

    @Test
    void cropNamesAreUniqueEvenWhenWholeNamesCollide() {
        List<String> in = List.of("x/a.jpg", "x/a.png", "x/a.jpg.png", "x/A.JPG", "y/a.jpg", "x/b.jpg");
        Map<String, String> names = CropNames.assign(in);
        assertEquals("y/a.png", names.get("y/a.jpg"), "a stem alone in its folder keeps OpenFace's name");
        assertEquals("x/b.png", names.get("x/b.jpg"));
        Set<String> lower = new HashSet<>();
        for (String n : names.values()) {
            assertTrue(lower.add(n.toLowerCase(java.util.Locale.ROOT)), "shared crop name " + n + " in " + names);
        }
        assertEquals(in.size(), names.size());
        assertNotEquals(names.get("x/a.jpg"), names.get("x/a.jpg.png"));
    }
}
