package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import oneshot.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refused galleries stay byte-identical, and nothing is written into a corrupt one (issue 16, item 4); the whole-file
 * check is skipped only for a file in the state a OneShot process recorded as intact (issue 15).
 */
class GalleryIntegrityTest {
    @TempDir
    Path dir;

    @Test
    void ourHeaderWithoutOurTablesIsRefusedByteIdenticalAndNotTurnedIntoWal() throws Exception {
        Path f = dir.resolve("hollow.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            st.execute("PRAGMA application_id=" + GalleryFile.APPLICATION_ID);
            st.execute("PRAGMA user_version=" + GalleryFile.SCHEMA_VERSION);
            st.execute("CREATE TABLE notes (t TEXT)"); // someone else's table, in the default rollback-journal mode
        }
        byte[] before = Files.readAllBytes(f);
        assertTrue(before.length >= 100);
        GalleryException e = assertThrows(GalleryException.class, () -> GalleryStore.openExisting(f));
        assertTrue(e.getMessage().contains("left untouched"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f), "untouched means byte-identical (no switch to WAL)");
        assertFalse(Files.exists(Path.of(f + "-wal")));
        assertThrows(GalleryException.class, () -> GalleryStore.openOrCreate(f));
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void nothingIsWrittenIntoACorruptGallery() throws Exception {
        Path db = dir.resolve("g.db");
        Random rnd = new Random(3);
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            for (int i = 0; i < 60; i++) {
                store.enroll("p-" + i, TestVectors.random(rnd, 128), "m", AtomicFiles.sha256(new byte[] {(byte) i}),
                        new FaceBox(0, 0, 10, 10));
            }
        }
        long pages = Files.size(db) / 4096;
        try (RandomAccessFile raf = new RandomAccessFile(db.toFile(), "rw")) { // scramble the cells of the last page
            byte[] junk = new byte[3000];
            Arrays.fill(junk, (byte) 0x5A);
            raf.seek((pages - 1) * 4096 + 1000);
            raf.write(junk);
        }
        String check;
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            check = store.integrityCheck();
        } catch (GalleryException e) {
            check = e.getMessage();
        }
        assertNotEquals("ok", check, "the scrambled page must be visible to --check");
        byte[] before = Files.readAllBytes(db);
        for (java.util.function.Consumer<GalleryStore> write : java.util.List.<java.util.function.Consumer<GalleryStore>>of(
                s -> s.remove("p-0"), s -> s.rename("p-1", "q"),
                s -> s.enroll("new", TestVectors.random(rnd, 128), "m", "ab", new FaceBox(0, 0, 9, 9)))) {
            try (GalleryStore store = GalleryStore.openExisting(db)) {
                GalleryException e = assertThrows(GalleryException.class, () -> write.accept(store));
                assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
            }
            assertArrayEquals(before, Files.readAllBytes(db), "no write into a corrupt file");
        }
    }

    @Test
    void aReopenedCleanFileSkipsTheWholeFileCheckAndAnyOtherChangeIsChecked() throws Exception {
        Path db = dir.resolve("g.db");
        Random rnd = new Random(4);
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            enrolSome(store, rnd, 0, 40);
            assertEquals(1, sqlite(store).quickChecksRun(), "a new file has no record: checked once");
            assertEquals("skipped: the file is as this store last left it", sqlite(store).lastIntegrityDecision());
        }
        IntegrityRecord record = new IntegrityRecord(db);
        assertEquals(record.now(), record.read(), "the clean close recorded the file's final state");

        try (GalleryStore store = GalleryStore.openExisting(db)) {
            store.list();
            store.enroll("late", TestVectors.random(rnd, 128), "m", "sha-late", new FaceBox(0, 0, 9, 9));
            store.rename("late", "later");
            store.remove("p-0"); // its purge is a checkpoint of this store's own
            assertEquals(0, sqlite(store).quickChecksRun());
        }
        try (GalleryStore a = GalleryStore.openExisting(db)) {
            a.enroll("a1", TestVectors.random(rnd, 128), "m", "sha-a1", new FaceBox(0, 0, 9, 9));
            assertTrue(sqlite(a).lastIntegrityDecision().startsWith("skipped: the file is as a OneShot process last knew"
                    + " it intact (" + db + "-checked)"), sqlite(a).lastIntegrityDecision());
            try (GalleryStore b = GalleryStore.openExisting(db)) { // another writer changes the file under a's feet
                enrolSome(b, rnd, 100, 30);
                b.remove("p-1");
            }
            a.enroll("a2", TestVectors.random(rnd, 128), "m", "sha-a2", new FaceBox(0, 0, 9, 9));
            assertEquals(0, sqlite(a).quickChecksRun(), "b recorded its own changes: " + sqlite(a).lastIntegrityDecision());
        }

        Files.setLastModifiedTime(db, FileTime.fromMillis(System.currentTimeMillis())); // touched by something else
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            store.enroll("after-touch", TestVectors.random(rnd, 128), "m", "sha-t", new FaceBox(0, 0, 9, 9));
            assertEquals(1, sqlite(store).quickChecksRun(), "a change OneShot did not make is checked");
            assertEquals("quick_check passed", sqlite(store).lastIntegrityDecision());
        }
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            store.enroll("next", TestVectors.random(rnd, 128), "m", "sha-n", new FaceBox(0, 0, 9, 9));
            assertEquals(0, sqlite(store).quickChecksRun(), "checked and recorded: skipped again");
            assertEquals(73, store.list().size());
        }
    }

    @Test
    void bytesOverwrittenInTheVectorTableAreRefusedBeforeAnyWriteEvenWithTheTimeSetBack() throws Exception {
        Path db = dir.resolve("g.db");
        Random rnd = new Random(5);
        float[] middle = null;
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            for (int i = 0; i < 300; i++) {
                float[] v = TestVectors.random(rnd, 128);
                middle = i == 150 ? v : middle;
                store.enroll("p-" + i, v, "m", "sha-" + i, new FaceBox(0, 0, 10, 10));
            }
        }
        IntegrityRecord record = new IntegrityRecord(db);
        assertEquals(record.now(), record.read(), "clean close: the next open would skip the check");
        FileTime modified = Files.getLastModifiedTime(db);
        int pageSize = pageSize(db);
        long at = FileBytes.indexOf(Files.readAllBytes(db), Vectors.toBlob(middle));
        assertTrue(at > 0, "p-150's vector is in the file");
        long page = at / pageSize;
        assertTrue(page > 2 && page < Files.size(db) / pageSize - 2, "a page in the middle: " + page);
        try (RandomAccessFile raf = new RandomAccessFile(db.toFile(), "rw")) { // its b-tree page header and cell pointers
            byte[] junk = new byte[64];
            Arrays.fill(junk, (byte) 0x5A);
            raf.seek(page * pageSize);
            raf.write(junk);
        }
        Files.setLastModifiedTime(db, modified); // what cp -p or touch -r would do: only the change time tells
        assertEquals(modified, Files.getLastModifiedTime(db));
        assertNotEquals(record.read(), record.now());

        assertRefusedBeforeAnyWrite(db);
    }

    @Test
    void aTruncatedFileIsRefusedBeforeAnyWrite() throws Exception {
        Path db = dir.resolve("g.db");
        Random rnd = new Random(6);
        try (GalleryStore store = GalleryStore.openOrCreate(db)) {
            enrolSome(store, rnd, 0, 300);
        }
        IntegrityRecord record = new IntegrityRecord(db);
        assertEquals(record.now(), record.read());
        long size = Files.size(db);
        try (RandomAccessFile raf = new RandomAccessFile(db.toFile(), "rw")) { // a copy or download cut short
            raf.setLength(size / 2 / pageSize(db) * pageSize(db));
        }
        assertRefusedBeforeAnyWrite(db);
    }

    private static void assertRefusedBeforeAnyWrite(Path db) throws Exception {
        byte[] before = Files.readAllBytes(db);
        Random rnd = new Random(7);
        for (java.util.function.Consumer<GalleryStore> write : java.util.List.<java.util.function.Consumer<GalleryStore>>of(
                s -> s.enroll("new", TestVectors.random(rnd, 128), "m", "sha-new", new FaceBox(0, 0, 9, 9)),
                s -> s.remove("p-3"), s -> s.rename("p-4", "q"))) {
            GalleryException e = assertThrows(GalleryException.class, () -> {
                try (GalleryStore store = GalleryStore.openExisting(db)) {
                    write.accept(store);
                }
            });
            assertTrue(e.getMessage().contains("Gallery " + db + " is corrupt"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(db), "no write into a corrupt file");
            assertFalse(FileBytes.contains(Path.of(db + "-wal"), "sha-new".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    "nothing of the refused enrolment in the WAL either");
        }
    }

    private static void enrolSome(GalleryStore store, Random rnd, int from, int count) {
        for (int i = from; i < from + count; i++) {
            store.enroll("p-" + i, TestVectors.random(rnd, 128), "m", "sha-" + i, new FaceBox(0, 0, 10, 10));
        }
    }

    private static SqliteBackend sqlite(GalleryStore store) {
        return (SqliteBackend) store.backend();
    }

    private static int pageSize(Path db) throws java.io.IOException {
        byte[] header = Files.readAllBytes(db);
        int size = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF); // SQLite header: page size, big-endian
        return size == 1 ? 65536 : size;
    }
}
