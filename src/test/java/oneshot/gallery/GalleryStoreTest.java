package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryStoreTest {
    private static final FaceBox BOX = new FaceBox(10, 20, 50, 60);

    @TempDir
    Path dir;

    @Test
    void newGalleryAndItsWalFilesAreOwnerOnly() throws Exception {
        Path db = dir.resolve("g.db");
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            store.enroll("ann", TestVectors.random(new Random(1), 128), "m1", "sha-a", BOX);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
            for (String suffix : List.of("-wal", "-shm", "-checked")) {
                Path side = dir.resolve("g.db" + suffix);
                assertTrue(Files.exists(side), suffix + " exists while open in WAL mode (-checked: after the first write)");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(side)), suffix);
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            var rs = st.executeQuery("PRAGMA journal_mode");
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("g.db", "g.db-checked"), files.map(p -> p.getFileName().toString()).filter(n ->
                    !n.endsWith("-wal") && !n.endsWith("-shm")).sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void enrolListRenameAndVectorsRoundTrip() {
        Random rnd = new Random(2);
        float[] a1 = TestVectors.random(rnd, 128);
        float[] a2 = TestVectors.random(rnd, 128);
        try (GalleryStore store = GalleryStore.openOrCreate(dir.resolve("g.db"))) {
            store.enroll("ann", a1, "m1", "sha-1", BOX);
            store.enroll("ann", a2, "m1", "sha-2", BOX);
            store.enroll("bob", TestVectors.random(rnd, 128), "m1", "sha-3", BOX);
            List<IdentitySummary> list = store.list();
            assertEquals(List.of("ann", "bob"), list.stream().map(IdentitySummary::name).toList());
            assertEquals(2, list.get(0).embeddings());
            store.rename("ann", "anna");
            List<float[]> vs = store.vectors("anna", "m1");
            assertEquals(2, vs.size());
            assertArrayEquals(a1, vs.get(0), 1e-7f);
            assertArrayEquals(a2, vs.get(1), 1e-7f);
            assertEquals(BOX, store.enrolments("anna").get(0).box());
            var clash = assertThrows(GalleryException.class, () -> store.rename("anna", "bob"));
            assertTrue(clash.getMessage().contains("already exists"), clash.getMessage());
            var missing = assertThrows(GalleryException.class, () -> store.rename("zed", "x"));
            assertTrue(missing.getMessage().contains("No identity named 'zed'"), missing.getMessage());
        }
    }

    @Test
    void sameImageTwiceIsDetected() {
        Random rnd = new Random(3);
        try (GalleryStore store = GalleryStore.openOrCreate(dir.resolve("g.db"))) {
            store.enroll("ann", TestVectors.random(rnd, 128), "m1", "sha-same", BOX);
            var again = assertThrows(GalleryException.class,
                    () -> store.enroll("ann", TestVectors.random(rnd, 128), "m1", "sha-same", BOX));
            assertTrue(again.getMessage().contains("already enrolled for 'ann'"), again.getMessage());
            var otherName = assertThrows(GalleryException.class,
                    () -> store.enroll("bob", TestVectors.random(rnd, 128), "m1", "sha-same", new FaceBox(12, 21, 50, 60)));
            assertTrue(otherName.getMessage().contains("already enrolled as 'ann'"), otherName.getMessage());
            // another face of the same group photo is a different person: allowed
            store.enroll("bob", TestVectors.random(rnd, 128), "m1", "sha-same", new FaceBox(300, 20, 50, 60));
            assertEquals(2, store.embeddingCount());
        }
    }

    @Test
    void anotherModelIsRefusedWithHowToReEnrol() {
        Path db = dir.resolve("g.db");
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            assertTrue(store.modelId().isEmpty());
            store.enroll("ann", TestVectors.random(new Random(4), 128), "nn4-a", "sha-1", BOX);
        }
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            assertEquals("nn4-a", store.modelId().orElseThrow());
            var e = assertThrows(GalleryException.class,
                    () -> store.enroll("bob", TestVectors.random(new Random(5), 128), "nn4-b", "sha-2", BOX));
            assertTrue(e.getMessage().contains("'nn4-a'") && e.getMessage().contains("re-enrol"), e.getMessage());
            assertThrows(GalleryException.class, () -> store.vectors("ann", "nn4-b"));
            assertEquals(1, store.embeddingCount());
        }
    }

    @Test
    void foreignFilesAreRefusedAndLeftUntouched() throws Exception {
        Path text = dir.resolve("notes.db");
        Files.writeString(text, "my shopping list, definitely not a database ".repeat(10));
        Path empty = Files.createFile(dir.resolve("empty.db"));
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE identities (id INTEGER PRIMARY KEY, name TEXT)");
            st.execute("INSERT INTO identities(name) VALUES ('precious')");
        }
        Path newer = dir.resolve("newer.db");
        try (GalleryStore ignored = GalleryStore.openOrCreate(newer)) {
            // created by us, then stamped with a future schema version below
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version=99");
        }
        assertRefused(text, "not a SQLite database");
        assertRefused(empty, "too short");
        assertRefused(other, "another application");
        assertRefused(newer, "newer OneShot");
    }

    private static void assertRefused(Path file, String why) throws Exception {
        byte[] before = Files.readAllBytes(file);
        var e = assertThrows(GalleryException.class, () -> GalleryStore.openOrCreate(file).close());
        assertTrue(e.getMessage().contains(why) && e.getMessage().contains(file.toString()), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "refused file must be left untouched: " + file);
        assertFalse(Files.exists(Path.of(file + "-wal")), "no WAL created beside a refused file");
    }

    @Test
    void corruptGalleryIsReportedAsCorruptAndNotRepaired() throws Exception {
        Path db = dir.resolve("g.db");
        Random rnd = new Random(6);
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            for (int i = 0; i < 200; i++) {
                store.enroll("p" + i, TestVectors.random(rnd, 128), "m1", "sha-" + i, BOX);
            }
        }
        byte[] bytes = Files.readAllBytes(db);
        assertTrue(bytes.length > 8 * 4096, "several pages written");
        for (int i = 4096 * 2; i < bytes.length; i += 7) {
            bytes[i] = (byte) (bytes[i] ^ 0x5A); // scribble over every page after the header page and sqlite_master
        }
        Files.write(db, bytes);
        var e = assertThrows(GalleryException.class, () -> {
            try (GalleryStore store = GalleryStore.openExisting(db)) {
                store.list();
                store.vectors("p1", "m1");
                String check = store.integrityCheck();
                throw new AssertionError("corruption went unnoticed: " + check);
            }
        });
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(db.toString()), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(db), "corrupt file left as it was");
    }

    @Test
    void removalDeletesTheVectorBytesFromTheFiles() throws Exception {
        Path db = dir.resolve("g.db");
        Random rnd = new Random(7);
        float[] secret = TestVectors.random(rnd, 128);
        byte[] secretBytes = Vectors.toBlob(secret);
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            store.enroll("keep", TestVectors.random(rnd, 128), "m1", "sha-k", BOX);
            store.enroll("gone", secret, "m1", "sha-g", BOX);
            assertTrue(FileBytes.contains(db, secretBytes) || FileBytes.contains(Path.of(db + "-wal"), secretBytes),
                    "the vector is on disk before removal (else this test could not fail)");
            RemovalResult r = store.remove("gone");
            assertEquals(1, r.vectorsDeleted());
            assertTrue(r.oldCopiesPurged());
            assertFalse(FileBytes.contains(db, secretBytes), "vector bytes still in the database file");
            assertFalse(FileBytes.contains(Path.of(db + "-wal"), secretBytes), "vector bytes still in the WAL");
            assertEquals(List.of("keep"), store.list().stream().map(IdentitySummary::name).toList());
        }
        assertFalse(FileBytes.contains(db, secretBytes));
    }


    @Test
    void namesMustBeMeaningful() {
        try (GalleryStore store = GalleryStore.openOrCreate(dir.resolve("g.db"))) {
            assertThrows(oneshot.UsageException.class, () -> store.enroll(" ", new float[] {1, 0}, "m", "s", BOX));
            assertThrows(oneshot.UsageException.class, () -> store.enroll(" ann", new float[] {1, 0}, "m", "s", BOX));
            var zero = assertThrows(GalleryException.class, () -> store.enroll("ann", new float[2], "m", "s", BOX));
            assertTrue(zero.getMessage().contains("no direction"));
            assertEquals(0, store.embeddingCount());
        }
    }
}
