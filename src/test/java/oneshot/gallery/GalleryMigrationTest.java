package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gallery file of schema version 1 (before the face key) is migrated when opened, and keeps every row. */
class GalleryMigrationTest {
    private static final FaceBox BOX = new FaceBox(1, 2, 30, 40);

    /** Version 1's tables, exactly as SqliteBackend created them (a frozen copy: it must not follow later edits). */
    private static final String[] VERSION_1 = {
        "CREATE TABLE gallery_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE identities (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
        "CREATE TABLE embeddings (id INTEGER PRIMARY KEY,"
                + " identity_id INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,"
                + " model_id TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,"
                + " source_sha256 TEXT NOT NULL, box_x REAL NOT NULL, box_y REAL NOT NULL, box_w REAL NOT NULL,"
                + " box_h REAL NOT NULL, enrolled_at TEXT NOT NULL, UNIQUE (identity_id, source_sha256))",
        "CREATE INDEX embeddings_by_source ON embeddings (source_sha256)",
    };

    @TempDir
    Path dir;

    /** Writes a version-1 gallery of these unit vectors, one person each (p0, p1, ...), as version 1 wrote it. */
    private static void writeVersionOne(Path file, List<float[]> vectors) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("PRAGMA application_id=" + GalleryFile.APPLICATION_ID);
            st.execute("PRAGMA user_version=1");
            for (String ddl : VERSION_1) {
                st.execute(ddl);
            }
            st.execute("INSERT INTO gallery_meta(key, value) VALUES ('created_at', '2026-01-01T00:00:00Z'),"
                    + " ('model_id', 'm1'), ('dimension', '128')");
            try (PreparedStatement who = c.prepareStatement("INSERT INTO identities(id, name, created_at) VALUES (?, ?, ?)");
                    PreparedStatement what = c.prepareStatement("INSERT INTO embeddings(identity_id, model_id, dim, vector,"
                            + " source_sha256, box_x, box_y, box_w, box_h, enrolled_at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < vectors.size(); i++) {
                    who.setLong(1, i + 1);
                    who.setString(2, "p" + i);
                    who.setString(3, "2026-01-01T00:00:00Z");
                    who.addBatch();
                    what.setLong(1, i + 1);
                    what.setString(2, "m1");
                    what.setInt(3, 128);
                    what.setBytes(4, Vectors.toBlob(vectors.get(i)));
                    what.setString(5, "sha-" + i);
                    what.setDouble(6, i);
                    what.setDouble(7, 2);
                    what.setDouble(8, 30);
                    what.setDouble(9, 40);
                    what.setString(10, "2026-01-02T00:00:00Z");
                    what.addBatch();
                }
                who.executeBatch();
                what.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            st.execute("PRAGMA journal_mode=WAL");
        }
    }

    /** A digest of every row and column version 1 had: what the migration must keep. */
    private static String versionOneRows(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (String q : List.of("SELECT id, name, created_at FROM identities ORDER BY id",
                    "SELECT id, identity_id, model_id, dim, hex(vector), source_sha256, box_x, box_y, box_w, box_h,"
                            + " enrolled_at FROM embeddings ORDER BY id", "SELECT key, value FROM gallery_meta ORDER BY key")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int k = 1; k <= cols; k++) {
                            md.update((rs.getString(k) + "\u0000").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static int userVersion(Path file) throws Exception {
        byte[] header = new byte[100];
        try (var in = Files.newInputStream(file)) {
            in.readNBytes(header, 0, 100);
        }
        return ByteBuffer.wrap(header).getInt(60);
    }

    private static String embeddingsSchema(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master"
                        + " WHERE tbl_name = 'embeddings' AND sql IS NOT NULL ORDER BY name)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aVersionOneGalleryIsMigratedKeepsEveryRowAndThenRefusesTheSameFace() throws Exception {
        Random rnd = new Random(16);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) { // big enough for the progress line
            vectors.add(TestVectors.random(rnd, 128));
        }
        Path file = dir.resolve("old.db");
        writeVersionOne(file, vectors);
        String rows = versionOneRows(file);
        assertEquals(1, userVersion(file));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (GalleryStore store = GalleryStore.openExisting(file)) {
            System.setErr(stderr);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("computing the face key of 60,000 stored vectors"),
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(60_000, store.embeddingCount());
            var copy = assertThrows(GalleryException.class, () -> store.enroll("copycat",
                    TestVectors.near(rnd, vectors.get(4711), 1e-4), "m1", "sha-copy", BOX));
            assertTrue(copy.getMessage().contains("already enrolled as 'p4711'"), copy.getMessage());
            store.enroll("newcomer", TestVectors.random(rnd, 128), "m1", "sha-new", BOX);
            var again = assertThrows(GalleryException.class, () -> store.enroll("p9", vectors.get(10), "m1", "sha-x", BOX));
            assertTrue(again.getMessage().contains("already enrolled as 'p10'"), again.getMessage());
        } finally {
            System.setErr(stderr);
        }
        assertEquals(GalleryFile.SCHEMA_VERSION, userVersion(file));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("DELETE FROM embeddings WHERE source_sha256 = 'sha-new'"); // back to the migrated rows only
            st.execute("DELETE FROM identities WHERE name = 'newcomer'");
            try (ResultSet rs = st.executeQuery("SELECT vector, face_key FROM embeddings")) {
                int n = 0;
                while (rs.next()) {
                    assertEquals(FaceKey.GALLERY.of(Vectors.fromBlob(rs.getBytes(1))), rs.getLong(2));
                    assertFalse(rs.wasNull());
                    n++;
                }
                assertEquals(60_000, n);
            }
        }
        assertEquals(rows, versionOneRows(file), "every row of version 1 as it was");

        Path fresh = dir.resolve("new.db");
        GalleryStore.openOrCreate(fresh).close();
        assertEquals(embeddingsSchema(fresh), embeddingsSchema(file), "a migrated gallery has a new one's schema");
        err.reset();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (GalleryStore store = GalleryStore.openExisting(file)) {
            assertEquals(60_000, store.embeddingCount());
        } finally {
            System.setErr(stderr);
        }
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("face key"), "migrated once");
    }

    @Test
    void aSmallVersionOneGalleryMigratesQuietlyAndAGalleryOfANewerSchemaIsStillRefused() throws Exception {
        Path file = dir.resolve("small.db");
        float[] ann = TestVectors.random(new Random(1), 128);
        writeVersionOne(file, List.of(ann));
        try (GalleryStore store = GalleryStore.openExisting(file)) {
            assertEquals(List.of("p0"), store.list().stream().map(IdentitySummary::name).toList());
            assertArrayEquals(ann, store.vectors("p0", "m1").get(0), 0f);
            var copy = assertThrows(GalleryException.class, () -> store.enroll("ann", ann, "m1", "sha-ann", BOX));
            assertTrue(copy.getMessage().contains("already enrolled as 'p0'"), copy.getMessage());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version=" + (GalleryFile.SCHEMA_VERSION + 1));
        }
        byte[] before = Files.readAllBytes(file);
        var newer = assertThrows(GalleryException.class, () -> GalleryStore.openExisting(file).close());
        assertTrue(newer.getMessage().contains("newer OneShot (schema " + (GalleryFile.SCHEMA_VERSION + 1)
                + "; this build reads up to " + GalleryFile.SCHEMA_VERSION + ")"), newer.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "refused and left untouched");
    }
}
