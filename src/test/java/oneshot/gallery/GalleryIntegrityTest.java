package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import oneshot.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused galleries stay byte-identical, and nothing is written into a corrupt one (issue 16, item 4). */
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
}
