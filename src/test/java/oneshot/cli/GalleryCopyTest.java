package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import oneshot.gallery.FaceBox;
import oneshot.gallery.GalleryLocation;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.IdentitySummary;
import oneshot.gallery.TestVectors;
import oneshot.gallery.pg.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code GalleryCopy}: SQLite to PostgreSQL and back, byte for byte; non-empty targets only when told; checked. */
class GalleryCopyTest {
    @RegisterExtension
    static final TestPostgres.PerClass pg = TestPostgres.perClass();

    @TempDir
    Path dir;

    private static CliRun copy(String... args) {
        return CliRun.of(new GalleryCopyCommand(), args);
    }

    @Test
    void sqliteToPostgresAndBackIsByteForByte() throws Exception {
        Path db = dir.resolve("gallery.db");
        Random rnd = new Random(11);
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            for (int i = 0; i < 30; i++) {
                store.enroll("p" + i, TestVectors.random(rnd, 128), "m1", "sha-" + i, new FaceBox(i, 2 * i, 40.5, 41.25));
            }
            store.enroll("p3", TestVectors.random(rnd, 128), "m1", "sha-extra", new FaceBox(1, 2, 3, 4));
            store.enroll("Zoë Ünïcode", TestVectors.random(rnd, 128), "m1", "sha-z", new FaceBox(5, 6, 7, 8));
        }
        String url = pg.newDatabase();
        CliRun there = copy("--from", db.toString(), "--to", url);
        assertEquals(0, there.code(), there.err());
        assertTrue(there.out().contains("Copied 31 people (32 vectors)"), there.out());
        assertTrue(there.out().contains("Verified after the commit"), there.out());
        Path back = dir.resolve("back.db");
        CliRun home = copy("--from", url, "--to", back.toString());
        assertEquals(0, home.code(), home.err());
        try (GalleryStore a = GalleryStore.openExisting(db); GalleryStore p = GalleryStore.open(GalleryLocation.parse(url), false);
                GalleryStore b = GalleryStore.openExisting(back)) {
            assertEquals(a.checksum(null), p.checksum(null));
            assertEquals(a.checksum(null), b.checksum(null));
            assertEquals(names(a), names(b));
            assertEquals(withoutIds(a.enrolments("p3")), withoutIds(b.enrolments("p3")),
                    "boxes, hashes and times as they were (row ids are the target's own)");
            assertArrayEquals(a.vectors("p3", "m1").get(1), p.vectors("p3", "m1").get(1), 0f);
            assertEquals("m1", p.modelId().orElseThrow(), "the model binding travels");
            // the copied gallery takes new enrolments after the copied ids
            p.enroll("new", TestVectors.random(rnd, 128), "m1", "sha-new", new FaceBox(0, 0, 9, 9));
            assertEquals(32, p.list().size());
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedUnlessToldAndThenANameBothHaveIsRefused() throws Exception {
        Path db = dir.resolve("gallery.db");
        Random rnd = new Random(12);
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            store.enroll("ann", TestVectors.random(rnd, 128), "m1", "sha-a", new FaceBox(0, 0, 9, 9));
        }
        String url = pg.newDatabase();
        try (GalleryStore p = GalleryStore.open(GalleryLocation.parse(url), true)) {
            p.enroll("bob", TestVectors.random(rnd, 128), "m1", "sha-b", new FaceBox(0, 0, 9, 9));
        }
        CliRun refused = copy("--from", db.toString(), "--to", url);
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("already holds 1 people") && refused.err().contains("--into-non-empty"),
                refused.err());
        CliRun added = copy("--from", db.toString(), "--to", url, "--into-non-empty");
        assertEquals(0, added.code(), added.err());
        CliRun clash = copy("--from", db.toString(), "--to", url, "--into-non-empty");
        assertEquals(1, clash.code());
        assertTrue(clash.err().contains("'ann' is in both galleries"), clash.err());
        try (GalleryStore p = GalleryStore.open(GalleryLocation.parse(url), false)) {
            assertEquals(List.of("ann", "bob"), names(p), "the refused copy added nothing");
        }
        Path other = dir.resolve("other.db");
        try (GalleryStore store = GalleryStore.openOrCreate(other)) {
            store.enroll("carl", TestVectors.random(rnd, 128), "m2", "sha-c", new FaceBox(0, 0, 9, 9));
        }
        CliRun model = copy("--from", other.toString(), "--to", url, "--into-non-empty");
        assertEquals(1, model.code());
        assertTrue(model.err().contains("'m1'") && model.err().contains("'m2'"), model.err());
    }

    @Test
    void usageErrorsAndAForeignTarget() throws Exception {
        Path db = dir.resolve("gallery.db");
        GalleryStore.openOrCreate(db).close();
        assertEquals(2, copy("--from", db.toString(), "--to", db.toString()).code());
        assertEquals(2, copy("--from", db.toString()).code());
        assertEquals(2, copy("--from", db.toString(), "--to", "jdbc:mysql://localhost/x").code());
        String url = pg.newDatabase();
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id INT)");
        }
        CliRun foreign = copy("--from", db.toString(), "--to", url);
        assertEquals(1, foreign.code());
        assertTrue(foreign.err().contains("another application"), foreign.err());
        CliRun missing = copy("--from", dir.resolve("nope.db").toString(), "--to", dir.resolve("x.db").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("No gallery at"), missing.err());
        assertTrue(!Files.exists(dir.resolve("x.db")), "no target created when the source is missing");
    }

    @Test
    void theChecksumSeesOneFlippedBitButNotTheOrder() {
        byte[] v1 = oneshot.gallery.Vectors.toBlob(TestVectors.random(new Random(13), 128));
        byte[] v2 = oneshot.gallery.Vectors.toBlob(TestVectors.random(new Random(14), 128));
        byte[] flipped = v2.clone();
        flipped[77] ^= 1;
        FaceBox box = new FaceBox(1, 2, 3, 4);
        var r1 = new GalleryStore.Row("a", "t0", "m1", 128, v1, "s1", box, "t1");
        oneshot.gallery.GalleryChecksum ab = new oneshot.gallery.GalleryChecksum();
        ab.add(r1);
        ab.add(new GalleryStore.Row("b", "t0", "m1", 128, v2, "s2", box, "t2"));
        oneshot.gallery.GalleryChecksum ba = new oneshot.gallery.GalleryChecksum();
        ba.add(new GalleryStore.Row("b", "t0", "m1", 128, v2, "s2", box, "t2"));
        ba.add(r1);
        oneshot.gallery.GalleryChecksum bit = new oneshot.gallery.GalleryChecksum();
        bit.add(r1);
        bit.add(new GalleryStore.Row("b", "t0", "m1", 128, flipped, "s2", box, "t2"));
        assertEquals(ab, ba);
        assertTrue(!ab.equals(bit) && !ab.hex().equals(bit.hex()), "one flipped bit changes the checksum");
    }

    private static List<String> withoutIds(List<oneshot.gallery.Enrolment> es) {
        return es.stream().map(e -> e.name() + " " + e.modelId() + " " + e.sourceSha256() + " " + e.box().x() + ","
                + e.box().y() + "," + e.box().width() + "," + e.box().height() + " " + e.enrolledAt()).toList();
    }

    private static List<String> names(GalleryStore s) {
        return s.list().stream().map(IdentitySummary::name).toList();
    }
}
