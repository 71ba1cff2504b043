package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import oneshot.SharedData;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.IdentitySummary;
import oneshot.io.AppendCsv;
import oneshot.pipeline.PipelineFaceEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Enroll --folder} and {@code Identify --folder --csv} on the bbt demo set (8 people x 5 crops, and a group photo)
 * with dlib's ResNet through the real pipeline: the first image of each person enrolled, the other 32 named from them,
 * bad images listed and skipped, and a run cut by a kill (a partial CSV with a torn last line and an image with only some
 * of its face rows) resumed to exactly the rows of an uninterrupted run.
 */
class FolderCommandsTest {
    private static final String[] PEOPLE = {"amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"};

    private static PipelineFaceEncoder dlib;
    private static FaceEncoder encoder;

    @TempDir
    Path dir;

    @BeforeAll
    static void openModel() throws IOException {
        dlib = PipelineFaceEncoder.open("dlib-resnet34"); // imported from ../shared on first use
        encoder = CommandRun.kept(dlib, dlib.modelId());
    }

    @AfterAll
    static void closeModel() {
        dlib.close();
    }

    private static Path bbt(String person, int n) {
        return SharedData.require("data/bbt/" + person + "/" + person + n + ".png");
    }

    private static CommandRun enroll(String... args) {
        return CommandRun.of(new EnrollCommand(() -> encoder), args);
    }

    private static CommandRun identify(String... args) {
        return CommandRun.of(new IdentifyCommand(() -> encoder), args);
    }

    /** A file that starts like a PNG and stops after 100 bytes. */
    private static void truncatedPng(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.write(target, Arrays.copyOf(Files.readAllBytes(bbt("raj", 1)), 100));
    }

    /** KNOWN/<person>/<person>1.png for the eight people, plus a truncated image in raj's folder. */
    private Path knownFolder() throws IOException {
        Path known = dir.resolve("known");
        for (String p : PEOPLE) {
            Files.createDirectories(known.resolve(p));
            Files.copy(bbt(p, 1), known.resolve(p).resolve(p + "1.png"));
        }
        truncatedPng(known.resolve("raj").resolve("broken.png"));
        return known;
    }

    /** UNKNOWN/: images 2..5 of each person (loose), a group photo, a blank image (no face) and a truncated one. */
    private Path unknownFolder() throws IOException {
        Path unknown = dir.resolve("unknown");
        Files.createDirectories(unknown);
        for (String p : PEOPLE) {
            for (int n = 2; n <= 5; n++) {
                Files.copy(bbt(p, n), unknown.resolve(p + n + ".png"));
            }
        }
        Files.copy(SharedData.require("data/bbt-scenes/bbt3.jpg"), unknown.resolve("scene.jpg"));
        BufferedImage blank = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(blank, "png", unknown.resolve("blank.png").toFile());
        truncatedPng(unknown.resolve("truncated.png"));
        return unknown;
    }

    private static List<List<String>> rows(Path csv) throws IOException {
        return AppendCsv.read(csv, IdentificationCsv.HEADER, "an Identify --folder CSV");
    }

    private static int col(String name) {
        return IdentificationCsv.HEADER.indexOf(name);
    }

    @Test
    void enrolsAFolderOfSubfoldersAndNamesEveryOtherImageOfAFolder() throws IOException {
        Path db = dir.resolve("bbt.db");
        CommandRun e = enroll("--gallery", db.toString(), "--folder", knownFolder().toString(), "--threads", "2");
        assertEquals(1, e.code(), "a rejected image makes the run fail, after the rest is enrolled\n" + e);
        assertTrue(e.err().contains("rejected: raj/broken.png: "), e.err());
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            assertEquals(List.of(PEOPLE), store.list().stream().map(IdentitySummary::name).toList());
            assertTrue(store.list().stream().allMatch(p -> p.embeddings() == 1));
        }

        Path csv = dir.resolve("out.csv");
        CommandRun id = identify("--gallery", db.toString(), "--folder", unknownFolder().toString(), "--csv",
                csv.toString(), "--threads", "2");
        assertEquals(1, id.code(), "an unreadable image is listed and the run fails\n" + id);
        assertTrue(id.err().contains("rejected: truncated.png: "), id.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)), "it holds names");

        Map<String, List<List<String>>> byImage = new TreeMap<>();
        for (List<String> r : rows(csv)) {
            byImage.computeIfAbsent(r.get(0), k -> new ArrayList<>()).add(r);
        }
        assertEquals(32 + 3, byImage.size(), byImage.keySet().toString());
        for (String p : PEOPLE) {
            for (int n = 2; n <= 5; n++) {
                List<List<String>> faces = byImage.get(p + n + ".png");
                assertEquals(1, faces.size(), p + n + ": one face in a face crop");
                List<String> r = faces.get(0);
                assertEquals(List.of("1", "1", p, ""), List.of(r.get(col("faces")), r.get(col("face")), r.get(col("name")),
                        r.get(col("failure"))), p + n + ": " + r);
                double d = Double.parseDouble(r.get(col("distance")));
                assertTrue(d <= Double.parseDouble(r.get(col("threshold"))), r.toString());
                assertEquals(dlib.modelId(), r.get(col("model")));
                assertTrue(Double.parseDouble(r.get(col("width"))) > 50, "a 150-pixel crop is mostly face: " + r);
            }
        }
        List<List<String>> scene = byImage.get("scene.jpg");
        assertTrue(scene.size() >= 2, "a group photo, one row per face: " + scene);
        assertEquals(scene.size(), Integer.parseInt(scene.get(0).get(col("faces"))));
        assertEquals(List.of("0", IdentificationCsv.NO_FACE), List.of(byImage.get("blank.png").get(0).get(col("faces")),
                byImage.get("blank.png").get(0).get(col("failure"))));
        String truncated = byImage.get("truncated.png").get(0).get(col("failure"));
        assertTrue(truncated.contains("truncated.png") && !truncated.equals(IdentificationCsv.NO_FACE), truncated);
        long sceneNamed = scene.stream().filter(r -> !r.get(col("name")).equals("unknown")).count();
        assertTrue(id.out().contains(String.format("35 image(s) (0 from an earlier run), %d face(s): %d named, %d unknown;"
                + " 1 image(s) with no face, 1 unreadable", 32 + scene.size(), 32 + sceneNamed, scene.size() - sceneNamed)),
                id.out());
    }

    @Test
    void aKilledIdentifyRunResumesToTheRowsOfAnUninterruptedOne() throws IOException {
        Path db = dir.resolve("g.db");
        assertEquals(1, enroll("--gallery", db.toString(), "--folder", knownFolder().toString()).code());
        Path unknown = unknownFolder();
        Path full = dir.resolve("full.csv");
        identify("--gallery", db.toString(), "--folder", unknown.toString(), "--csv", full.toString());
        List<String> lines = Files.readAllLines(full, StandardCharsets.UTF_8);

        // what a kill leaves: the header, some images, the first of the group photo's face rows, half of a row
        List<String> sceneRows = lines.stream().filter(l -> l.startsWith("scene.jpg,")).toList();
        List<String> others = lines.subList(1, lines.size()).stream().filter(l -> !l.startsWith("scene.jpg,")).toList();
        assertTrue(sceneRows.size() >= 2 && others.size() > 10);
        StringBuilder cut = new StringBuilder(lines.get(0)).append('\n');
        others.subList(0, 10).forEach(l -> cut.append(l).append('\n'));
        cut.append(sceneRows.get(0)).append('\n');
        cut.append(others.get(10), 0, others.get(10).length() / 2); // the torn last line
        Path partial = dir.resolve("partial.csv");
        Files.writeString(partial, cut);

        CommandRun resumed = identify("--gallery", db.toString(), "--folder", unknown.toString(), "--csv",
                partial.toString());
        assertEquals(1, resumed.code(), resumed.toString()); // the truncated image is listed again in the summary
        assertTrue(resumed.err().contains("resuming: 10 of 35 images already in"), resumed.err());
        List<String> after = Files.readAllLines(partial, StandardCharsets.UTF_8);
        assertEquals(lines.get(0), after.get(0));
        assertEquals(sorted(lines.subList(1, lines.size())), sorted(after.subList(1, after.size())),
                "every image exactly once, with the rows an uninterrupted run wrote");

        CommandRun again = identify("--gallery", db.toString(), "--folder", unknown.toString(), "--csv", partial.toString());
        assertTrue(again.err().contains("resuming: 35 of 35 images"), again.err());
        assertEquals(after, Files.readAllLines(partial, StandardCharsets.UTF_8), "a finished CSV is left as it is");

        CommandRun other = identify("--gallery", db.toString(), "--folder", unknown.toString(), "--csv", partial.toString(),
                "--threshold", "0.5");
        assertEquals(2, other.code(), "another threshold never mixes into the same CSV\n" + other);
        assertTrue(other.err().contains("--force to start over"), other.err());
        assertEquals(after, Files.readAllLines(partial, StandardCharsets.UTF_8));
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    @Test
    void filesNamedAfterThePersonAndAResumedEnrolment() throws IOException {
        Path known = dir.resolve("flat");
        Files.createDirectories(known);
        Files.copy(bbt("penny", 1), known.resolve("penny.png"));
        Files.copy(bbt("penny", 2), known.resolve("penny_2.png"));
        Files.copy(bbt("sheldon", 1), known.resolve("sheldon1.png"));
        Path db = dir.resolve("flat.db");
        CommandRun first = enroll("--gallery", db.toString(), "--folder", known.toString());
        assertEquals(0, first.code(), first.toString());
        Map<String, Integer> people = new HashMap<>();
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            store.list().forEach(p -> people.put(p.name(), p.embeddings()));
        }
        assertEquals(Map.of("penny", 2, "sheldon", 1), people);

        Files.copy(bbt("sheldon", 2), known.resolve("sheldon-2.png")); // added after the first run
        CommandRun second = enroll("--gallery", db.toString(), "--folder", known.toString());
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.err().contains("resuming: 3 of 4 images already enrolled"), second.err());
        assertTrue(second.out().contains("enrolled 1 image(s), 3 already enrolled"), second.out());
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            assertEquals(4, store.embeddingCount());
        }
    }

    @Test
    void theNameRule() {
        assertEquals("obama", KnownPeople.nameOf("obama.jpg"));
        assertEquals("obama", KnownPeople.nameOf("obama2.jpg"));
        assertEquals("obama", KnownPeople.nameOf("obama_12.jpg"));
        assertEquals("Joe Biden", KnownPeople.nameOf("Joe Biden 3.png"));
        assertEquals("2019", KnownPeople.nameOf("2019.jpg"), "a name of digits only is kept");
        assertEquals("r2d", KnownPeople.nameOf("r2d2.jpg"), "documented: such names need a subfolder");
        assertEquals("r2d2", KnownPeople.nameOf("r2d2/front.jpg"));
        assertEquals("penny", KnownPeople.nameOf("penny/2020/a1.png"), "the first folder under KNOWN");
    }

    @Test
    void usageErrorsAndForeignFilesExitTwoAndTouchNothing() throws IOException {
        Path db = dir.resolve("u.db");
        Path unknown = dir.resolve("u");
        Files.createDirectories(unknown);
        Files.copy(bbt("amy", 2), unknown.resolve("amy2.png"));
        assertEquals(0, enroll("--gallery", db.toString(), "--name", "amy", "--image", bbt("amy", 1).toString()).code());

        Path notOurs = dir.resolve("notes.csv");
        Files.writeString(notOurs, "path,comment\nmine,keep me\n");
        CommandRun foreign = identify("--gallery", db.toString(), "--folder", unknown.toString(), "--csv", notOurs.toString());
        assertEquals(2, foreign.code(), foreign.toString());
        assertTrue(foreign.err().contains("Refusing to write " + notOurs), foreign.err());
        assertEquals("path,comment\nmine,keep me\n", Files.readString(notOurs));
        CommandRun withForce = identify("--gallery", db.toString(), "--folder", unknown.toString(), "--csv",
                notOurs.toString(), "--force");
        assertEquals(2, withForce.code(), "--force never replaces a file that is not ours");
        assertEquals("path,comment\nmine,keep me\n", Files.readString(notOurs));

        byte[] gallery = Files.readAllBytes(db);
        assertEquals(2, identify("--gallery", db.toString(), "--folder", unknown.toString(), "--csv", db.toString())
                .code(), "the gallery is never the CSV");
        assertTrue(Arrays.equals(gallery, Files.readAllBytes(db)));

        Path csv = dir.resolve("o.csv");
        assertEquals(2, identify("--gallery", db.toString(), "--folder", unknown.toString()).code(), "--csv missing");
        assertEquals(2, identify("--gallery", db.toString(), "--image", bbt("amy", 2).toString(), "--folder",
                unknown.toString(), "--csv", csv.toString()).code());
        assertEquals(2, identify("--gallery", db.toString(), "--image", bbt("amy", 2).toString(), "--csv",
                csv.toString()).code());
        assertEquals(2, identify("--gallery", db.toString(), "--folder", unknown.toString(), "--csv", csv.toString(),
                "--threads", "0").code());
        assertEquals(2, identify("--gallery", db.toString(), "--folder", dir.resolve("missing").toString(), "--csv",
                csv.toString()).code());
        assertFalse(Files.exists(csv));
        assertEquals(2, enroll("--gallery", db.toString(), "--folder", unknown.toString(), "--name", "amy").code());
        assertEquals(2, enroll("--gallery", db.toString(), "--folder", unknown.toString(), "--image",
                bbt("amy", 2).toString()).code());
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        Path newDb = dir.resolve("new.db");
        assertEquals(2, enroll("--gallery", newDb.toString(), "--folder", empty.toString()).code());
        assertFalse(Files.exists(newDb), "no gallery file for a run that had nothing to do");
    }
}
