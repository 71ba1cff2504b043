package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and look-alike names, and one face under two names (issue 16, item 5). */
class PersonNamesTest {
    @TempDir
    Path dir;

    private final Random rnd = new Random(17);
    private Path db;
    private FakeFaceEncoder encoder;

    @BeforeEach
    void setUp() throws IOException {
        db = dir.resolve("g.db");
        encoder = new FakeFaceEncoder("m1");
        float[] same = unit();
        for (int i = 0; i < 8; i++) {
            encoder.with("p" + i + ".png", new EncodedFace(new FaceBox(0, 0, 10, 10), 0.99, unit(), "fake"));
            Files.write(dir.resolve("p" + i + ".png"), new byte[] {(byte) i});
        }
        // one photo, two byte-different files (e.g. re-saved with other metadata): the same vector
        encoder.with("copy1.png", new EncodedFace(new FaceBox(0, 0, 10, 10), 0.99, same, "fake"));
        encoder.with("copy2.png", new EncodedFace(new FaceBox(0, 0, 10, 10), 0.99, same.clone(), "fake"));
        Files.write(dir.resolve("copy1.png"), new byte[] {1, 1});
        Files.write(dir.resolve("copy2.png"), new byte[] {2, 2});
    }

    private float[] unit() {
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Vectors.normalized(v);
    }

    private CliRun enroll(String name, String image) {
        return CliRun.of(new EnrollCommand(() -> encoder), "--gallery", db.toString(), "--name", name, "--image",
                dir.resolve(image).toString());
    }

    private CliRun list() {
        return CliRun.of(new EnrollCommand(() -> encoder), "--gallery", db.toString(), "--list");
    }

    @Test
    void controlCharactersNewlinesEscapesAndOverlongNamesAreRefused() {
        for (String bad : List.of("penny\nsheldon    1 image(s)", "\u001b[31mpenny", "pen\u0000ny", "pen\u200Bny",
                "\u202Eynnep", "x".repeat(201), " penny", "")) {
            CliRun r = enroll(bad, "p0.png");
            assertEquals(2, r.code(), r.toString());
            assertFalse(r.err().contains("\u001b") || r.err().contains("\u0000"), "the error shows the name escaped");
        }
        assertFalse(Files.exists(db), "no gallery is created for a refused name");
        assertEquals(0, enroll("x".repeat(200), "p0.png").code());
        assertEquals(0, enroll("Zoë Ⅻ-Ann O'Neil", "p1.png").code(), "printable Unicode is fine");
    }

    @Test
    void namesAreNormalisedSoOneSpellingIsOnePerson() {
        assertEquals(0, enroll("Jose\u0301", "p0.png").code()); // decomposed é
        assertEquals(0, enroll("Jos\u00e9", "p1.png").code()); // precomposed é
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            assertEquals(1, store.list().size());
            assertEquals(2, store.list().get(0).embeddings());
        }
    }

    @Test
    void lookAlikeAndCaseOnlyNamesAreWarnedAbout() {
        assertEquals(0, enroll("penny", "p0.png").code());
        CliRun cyrillic = enroll("p\u0435nny", "p1.png");
        assertEquals(0, cyrillic.code(), cyrillic.toString());
        assertTrue(cyrillic.err().contains("warning: 'p\u0435nny' differs from the enrolled 'penny' only in case or in"
                + " look-alike letters"), cyrillic.err());
        CliRun upper = enroll("Penny", "p2.png");
        assertTrue(upper.err().contains("the enrolled 'penny'"), upper.err());
        CliRun extend = enroll("penny", "p3.png");
        assertFalse(extend.err().contains("warning"), "extending an existing person is no look-alike: " + extend.err());
        assertFalse(enroll("leonard", "p4.png").err().contains("warning"));
    }

    @Test
    void theSameFaceFromByteDifferentFilesIsRefusedUnderAnotherName() {
        assertEquals(0, enroll("ann", "copy1.png").code());
        CliRun other = enroll("bob", "copy2.png");
        assertEquals(1, other.code(), other.toString());
        assertTrue(other.err().contains("already enrolled as 'ann'"), other.err());
        CliRun same = enroll("ann", "copy2.png");
        assertEquals(1, same.code(), same.toString());
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            assertEquals(1, store.embeddingCount());
        }
    }

    @Test
    void namesStoredBeforeTheseChecksAreShownEscaped() {
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            store.bulkInsert("m1", List.of("evil\u001b[2J\nsheldon"), List.of(unit()), "legacy");
        }
        CliRun r = list();
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("evil\\u{001B}[2J\\u{000A}sheldon"), r.out());
        assertFalse(r.out().contains("\u001b"), r.out());
        assertEquals(2, r.out().split("\n").length, "one header line and one line per person: " + r.out());
    }
}
