package oneshot.gallery.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import oneshot.gallery.FaceBox;
import oneshot.gallery.FaceKey;
import oneshot.gallery.FileBytes;
import oneshot.gallery.GalleryChanges;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryLocation;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.IdentitySummary;
import oneshot.gallery.RemovalResult;
import oneshot.gallery.TestVectors;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only a PostgreSQL gallery has: a schema of its own, migrations, vacuumed deletions, the change feed. */
class PostgresGalleryTest {
    private static final FaceBox BOX = new FaceBox(10, 20, 50, 60);
    @RegisterExtension
    static final TestPostgres.PerClass pg = TestPostgres.perClass();

    private static GalleryStore open(String url, boolean create) {
        return GalleryStore.open(GalleryLocation.parse(url), create);
    }

    @Test
    void anotherApplicationsSchemaIsRefusedAndLeftAsItWas() throws Exception {
        String url = pg.newDatabase();
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE identities (id SERIAL PRIMARY KEY, name TEXT)");
            st.execute("CREATE TABLE customers (id SERIAL PRIMARY KEY, name TEXT)");
            st.execute("INSERT INTO identities(name) VALUES ('precious')");
        }
        String before = dump(url);
        for (boolean create : List.of(true, false)) {
            var e = assertThrows(GalleryException.class, () -> open(url, create).close());
            assertTrue(e.getMessage().contains("another application") && e.getMessage().contains("customers")
                    && e.getMessage().contains("127.0.0.1"), e.getMessage());
        }
        assertEquals(before, dump(url), "a refused schema keeps its tables and rows, and gets none of ours");
    }

    @Test
    void emptySchemaIsNoGalleryUntilCreatedAndANewerSchemaIsRefused() throws Exception {
        String url = pg.newDatabase();
        var none = assertThrows(GalleryException.class, () -> open(url, false).close());
        assertTrue(none.getMessage().contains("No gallery at") && none.getMessage().contains("empty"), none.getMessage());
        assertEquals("", dump(url), "opening an existing gallery creates nothing");
        open(url, true).close();
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + PostgresSchema.VERSION_TABLE + " VALUES (99, 'from the future', 'later')");
        }
        var newer = assertThrows(GalleryException.class, () -> open(url, false).close());
        assertTrue(newer.getMessage().contains("newer OneShot (schema 99"), newer.getMessage());
    }

    @Test
    void aSchemaOfItsOwnInASharedDatabase() throws Exception {
        String base = pg.newDatabase();
        try (Connection c = pg.connectUrl(base); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id SERIAL PRIMARY KEY)");
            st.execute("CREATE SCHEMA faces");
        }
        String url = base + "&currentSchema=faces";
        try (GalleryStore store = open(url, true)) {
            store.enroll("ann", TestVectors.random(new Random(1), 128), "m1", "sha-1", BOX);
        }
        try (GalleryStore store = open(url, false)) {
            assertEquals(1, store.embeddingCount());
        }
        var missing = assertThrows(GalleryException.class, () -> open(base + "&currentSchema=nowhere", true).close());
        assertTrue(missing.getMessage().contains("CREATE SCHEMA"), missing.getMessage());
    }

    @Test
    void aVersionOneGalleryIsMigratedAndKeepsItsPeople() throws Exception {
        String url = pg.newDatabase();
        float[] ann = TestVectors.random(new Random(4), 128);
        try (PostgresBackend v1 = PostgresBackend.open(url, true, 1)) {
            assertEquals(1, v1.version());
        }
        try (GalleryStore store = open(url, false)) { // a second open of the same version-1 tables goes to the latest
            store.enroll("ann", ann, "m1", "sha-1", BOX);
        }
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM " + PostgresSchema.VERSION_TABLE + " ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
            assertEquals(List.of(1, 2, 3), versions);
        }
        String v1url = pg.newDatabase();
        try (PostgresBackend v1 = PostgresBackend.open(v1url, true, 1); Statement st = v1.connection().createStatement()) {
            st.execute("INSERT INTO identities(name, created_at) VALUES ('old', '2026-01-01T00:00:00Z')");
            st.execute("INSERT INTO embeddings(identity_id, model_id, dim, vector, source_sha256, box_x, box_y, box_w, box_h,"
                    + " enrolled_at) SELECT id, 'm1', 2, '\\x0000803f00000000'::bytea, 'sha', 0, 0, 1, 1, '2026-01-01T00:00:00Z' FROM identities");
            st.execute("INSERT INTO gallery_meta VALUES ('model_id', 'm1'), ('dimension', '2')");
            v1.connection().commit();
            assertFalse(dump(v1url).contains("gallery_changes"));
        }
        try (GalleryStore store = open(v1url, false)) {
            assertEquals(List.of("old"), store.list().stream().map(IdentitySummary::name).toList());
            assertEquals(List.of(1f, 0f), List.of(store.vectors("old", "m1").get(0)[0], store.vectors("old", "m1").get(0)[1]));
            var copy = assertThrows(GalleryException.class, () -> store.enroll("new", new float[] {1, 0}, "m1", "sha-2", BOX));
            assertTrue(copy.getMessage().contains("already enrolled as 'old'"), copy.getMessage());
        }
        assertTrue(dump(v1url).contains("gallery_changes"), "migrated to the change feed");
        assertEquals(List.of(FaceKey.GALLERY.of(new float[] {1, 0})), faceKeys(v1url), "migrated to the face key");
    }

    /** The face key migration (3) on a version-2 gallery: every row gets its key, NOT NULL, indexed with the model. */
    @Test
    void aVersionTwoGalleryGetsTheFaceKeyOfEveryRowAndRefusesTheSameFace() throws Exception {
        String url = pg.newDatabase();
        Random rnd = new Random(8);
        List<float[]> vectors = new ArrayList<>();
        try (PostgresBackend v2 = PostgresBackend.open(url, true, 2);
                java.sql.PreparedStatement who = v2.connection().prepareStatement(
                        "INSERT INTO identities(name, created_at) VALUES (?, '2026-01-01T00:00:00Z') RETURNING id");
                java.sql.PreparedStatement what = v2.connection().prepareStatement("INSERT INTO embeddings(identity_id,"
                        + " model_id, dim, vector, source_sha256, box_x, box_y, box_w, box_h, enrolled_at)"
                        + " VALUES (?, 'm1', 128, ?, ?, 0, 0, 1, 1, '2026-01-01T00:00:00Z')")) {
            for (int i = 0; i < 2000; i++) {
                who.setString(1, "p" + i);
                long id;
                try (ResultSet rs = who.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                vectors.add(TestVectors.random(rnd, 128));
                what.setLong(1, id);
                what.setBytes(2, Vectors.toBlob(vectors.get(i)));
                what.setString(3, "sha-" + i);
                what.addBatch();
            }
            what.executeBatch();
            try (Statement st = v2.connection().createStatement()) {
                st.execute("INSERT INTO gallery_meta VALUES ('model_id', 'm1'), ('dimension', '128')");
            }
            v2.connection().commit();
        }
        try (GalleryStore store = open(url, false)) {
            assertEquals(2000, store.embeddingCount());
            var copy = assertThrows(GalleryException.class, () -> store.enroll("copycat",
                    TestVectors.near(rnd, vectors.get(1234), 1e-4), "m1", "sha-copy", BOX));
            assertTrue(copy.getMessage().contains("already enrolled as 'p1234'"), copy.getMessage());
        }
        assertEquals(vectors.stream().map(FaceKey.GALLERY::of).toList(), faceKeys(url));
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = 'embeddings_by_face'")) {
                assertTrue(rs.next() && rs.getString(1).contains("(model_id, face_key)"));
            }
            var nulls = assertThrows(SQLException.class, () -> st.execute("UPDATE embeddings SET face_key = NULL"));
            assertTrue(nulls.getMessage().contains("face_key"), nulls.getMessage());
        }
    }

    private static List<Long> faceKeys(String url) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT face_key FROM embeddings ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    @Test
    void removalRewritesTheTablesWithoutTheVectorBytesOrTheName() throws Exception {
        String url = pg.newDatabase();
        Random rnd = new Random(7);
        byte[] secret = Vectors.toBlob(TestVectors.random(rnd, 128));
        byte[] kept = Vectors.toBlob(TestVectors.random(rnd, 128));
        String name = "secret-person-4711";
        byte[] nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (GalleryStore store = open(url, true)) {
            store.enroll("keep", Vectors.fromBlob(kept), "m1", "sha-k", BOX);
            store.enroll(name, Vectors.fromBlob(secret), "m1", "sha-g", BOX);
            Path before = tableFile(url, "embeddings");
            Path namesBefore = tableFile(url, "identities");
            assertTrue(FileBytes.contains(before, secret), "the vector is in the table file before removal (else this test could not fail)");
            assertTrue(FileBytes.contains(namesBefore, nameBytes), "the name is in the table file before removal");
            RemovalResult r = store.remove(name);
            assertEquals(1, r.vectorsDeleted());
            assertTrue(r.oldCopiesPurged());
            Path after = tableFile(url, "embeddings");
            Path namesAfter = tableFile(url, "identities");
            assertTrue(FileBytes.contains(after, kept), "the rewritten table holds the kept vector: the right file is read");
            for (Path f : List.of(before, after)) {
                assertFalse(FileBytes.contains(f, secret), "vector bytes still in " + f + " after the removal");
            }
            for (Path f : List.of(namesBefore, namesAfter)) {
                assertFalse(FileBytes.contains(f, nameBytes), "the removed name still in " + f);
            }
            assertEquals(List.of("keep"), store.list().stream().map(IdentitySummary::name).toList());
        }
    }

    @Test
    void aRemovalWhileAnotherTransactionStillSeesTheRowSaysSo() throws Exception {
        String url = pg.newDatabase();
        Random rnd = new Random(8);
        try (GalleryStore store = open(url, true); Connection reader = pg.connectUrl(url)) {
            store.enroll("gone", TestVectors.random(rnd, 128), "m1", "sha-g", BOX);
            reader.setAutoCommit(false);
            reader.createStatement().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            reader.createStatement().executeQuery("SELECT count(*) FROM embeddings").close(); // holds its snapshot
            assertFalse(store.remove("gone").oldCopiesPurged(), "the dead row cannot be vacuumed yet");
            reader.rollback();
        }
    }

    @Test
    void theFeedDeliversOtherConnectionsChangesAndReloadsAfterALostConnection() throws Exception {
        String url = pg.newDatabase();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Random rnd = new Random(9);
        try (GalleryStore mine = open(url, true); GalleryStore theirs = open(url, false);
                GalleryChanges feed = mine.changes()) {
            feed.start(new GalleryChanges.Listener() {
                @Override
                public void changed(List<String> names) {
                    events.addAll(names);
                }

                @Override
                public void reloadAll() {
                    events.add("*reload*");
                }
            });
            theirs.enroll("ann", TestVectors.random(rnd, 128), "m1", "sha-1", BOX);
            assertEquals("ann", events.poll(1, TimeUnit.SECONDS), "another connection's enrolment within a second");
            theirs.rename("ann", "anna");
            assertEquals(List.of("ann", "anna"), List.of(events.poll(1, TimeUnit.SECONDS), events.poll(1, TimeUnit.SECONDS)));
            try (Connection admin = pg.connectUrl(url); Statement st = admin.createStatement()) {
                st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'oneshot-gallery-feed'").close();
            }
            assertEquals("*reload*", events.poll(PostgresChangeFeed.SAFETY_POLL_MS + 5_000, TimeUnit.MILLISECONDS),
                    "a lost connection is noticed and answered with a full reload");
            theirs.remove("anna");
            assertEquals("anna", events.poll(1, TimeUnit.SECONDS), "delivering again after the reconnect");
            assertTrue(events.isEmpty(), events.toString());
        }
    }

    private static Path tableFile(String url, String table) throws SQLException {
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_relation_filepath('" + table + "')")) {
            rs.next();
            checkpoint(url);
            return pg.get().dataDirectory().resolve(rs.getString(1));
        }
    }

    private static void checkpoint(String url) throws SQLException {
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement()) {
            st.execute("CHECKPOINT"); // dirty pages to the files, so the file shows what the server holds
        }
    }


    /** Every table of the public schema with its rows, as text. */
    private static String dump(String url) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = pg.connectUrl(url); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                sb.append(t).append(':');
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t + " ORDER BY 1")) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            sb.append(' ').append(rs.getString(i));
                        }
                        sb.append(';');
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
