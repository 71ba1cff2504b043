package oneshot.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * A gallery in one SQLite file (WAL mode, owner-only), recognised by its header ({@link GalleryFile}) before SQLite opens it.
 *
 * <p>Every write is one IMMEDIATE transaction, so concurrent enrolling processes queue on the busy timeout instead of
 * losing work, and a process killed mid-write leaves the last committed state. Deleted rows are overwritten
 * ({@code secure_delete}) and the WAL truncated, so a removed person's vectors do not linger in the files.
 */
final class SqliteBackend implements GalleryBackend {
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private static final String[] SCHEMA = {
        "CREATE TABLE gallery_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE identities (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)",
        "CREATE TABLE embeddings (id INTEGER PRIMARY KEY,"
                + " identity_id INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,"
                + " model_id TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,"
                + " source_sha256 TEXT NOT NULL, box_x REAL NOT NULL, box_y REAL NOT NULL, box_w REAL NOT NULL,"
                + " box_h REAL NOT NULL, enrolled_at TEXT NOT NULL, UNIQUE (identity_id, source_sha256))",
        "CREATE INDEX embeddings_by_source ON embeddings (source_sha256)",
    };

    /**
     * Version 2: the face key ({@link FaceKey}), so the same-face check reads a few rows instead of every vector. A new
     * gallery gets it the same way as a migrated one, so both have the same schema; every writer fills it.
     */
    private static final String ADD_FACE_KEY = "ALTER TABLE embeddings ADD COLUMN face_key INTEGER";
    private static final String INDEX_FACE_KEY = "CREATE INDEX embeddings_by_face ON embeddings (model_id, face_key)";

    private final Path path;
    private final Connection conn;
    private boolean checkedIntact;

    private SqliteBackend(Path path, Connection conn) {
        this.path = path;
        this.conn = conn;
    }

    /** Opens the file, creating an empty owner-only gallery there first when {@code create} and there is none. */
    static SqliteBackend open(Path path, boolean create) {
        if (create) {
            try {
                GalleryFile.removeStaleTemps(path);
            } catch (IOException e) {
                // only tidying: the gallery itself is unaffected
            }
            if (!Files.exists(path)) {
                try {
                    GalleryFile.createAtomically(path, SqliteBackend::initialise);
                } catch (IOException e) {
                    throw new GalleryException("Cannot create gallery " + path + ": " + e.getMessage(), e);
                }
            }
        }
        String why = oneshot.io.InputFiles.whyNotAFile(path);
        if (why != null && !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new GalleryException("No gallery at " + path.toAbsolutePath()
                    + ": enrol someone first (Enroll --name NAME --image FILE) or pass --gallery PATH");
        }
        if (why != null) {
            throw new GalleryException("Cannot use gallery " + path + ": it " + why + ". Pass --gallery FILE.db");
        }
        GalleryFile.checkHeader(path);
        GalleryFile.warnIfShared(path);
        Connection c = null;
        try {
            c = connect(path);
            checkTables(path, c); // before anything persistent: a refused file must stay byte-identical
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA secure_delete=ON");
                st.execute("PRAGMA foreign_keys=ON");
            }
            SqliteBackend backend = new SqliteBackend(path, c);
            backend.migrate();
            return backend;
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure(path, "open", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.resetOpenMode(SQLiteOpenMode.CREATE); // never let SQLite create (or recreate) the file behind our checks
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), cfg.toProperties());
    }

    private static void initialise(Path emptyFile) throws IOException {
        try (Connection c = connect(emptyFile)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA application_id=" + GalleryFile.APPLICATION_ID);
                st.execute("PRAGMA user_version=" + GalleryFile.SCHEMA_VERSION);
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
                st.execute(ADD_FACE_KEY);
                st.execute(INDEX_FACE_KEY);
                st.execute("INSERT INTO gallery_meta(key, value) VALUES ('created_at', '" + Instant.now() + "')");
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL"); // persistent in the file header
            }
        } catch (SQLException e) {
            throw new IOException("initialising " + emptyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Brings a version-1 gallery to version 2 in one write transaction (after the quick_check every first write runs):
     * adds the face key column, fills it for every stored vector, indexes it and sets user_version. Another process
     * that migrated first is noticed under the lock; one killed mid-migration leaves version 1, migrated again next time.
     */
    private void migrate() throws SQLException {
        if (userVersion() >= GalleryFile.SCHEMA_VERSION) {
            return;
        }
        begin(true);
        try {
            if (userVersion() < 2) {
                exec(ADD_FACE_KEY);
                FaceKeyColumn.fill(conn, location());
                exec(INDEX_FACE_KEY);
                exec("PRAGMA user_version=2");
            }
            commit();
        } catch (SQLException | RuntimeException e) {
            try {
                rollback();
            } catch (SQLException ignored) {
                // the migration's own error is the one worth reporting
            }
            throw e;
        }
    }

    private int userVersion() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void checkTables(Path path, Connection c) throws SQLException {
        List<String> missing = new ArrayList<>(List.of("gallery_meta", "identities", "embeddings"));
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
            while (rs.next()) {
                missing.remove(rs.getString(1));
            }
        }
        if (!missing.isEmpty()) {
            throw GalleryFile.refused(path, "its header says OneShot gallery but tables " + missing + " are missing");
        }
    }

    Path path() {
        return path;
    }

    @Override
    public String location() {
        return path.toString();
    }

    @Override
    public Connection connection() {
        return conn;
    }

    /**
     * IMMEDIATE takes the write lock up front so two writers queue instead of deadlocking. The first write of this store
     * runs SQLite's quick_check inside the lock: nothing is written into a file that is corrupt.
     */
    @Override
    public void begin(boolean write) throws SQLException {
        exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
        if (write && !checkedIntact) {
            requireIntact();
            checkedIntact = true;
        }
    }

    private void requireIntact() throws SQLException {
        String result;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check(1)")) {
            result = rs.next() ? rs.getString(1) : "no answer";
        }
        if (!"ok".equals(result)) {
            rollback();
            throw new GalleryException("Gallery " + path + " is corrupt (" + result + "), so nothing was written. The file"
                    + " was left as it is; Enroll --check lists the problems; restore it from a backup or use another"
                    + " --gallery path.");
        }
    }

    @Override
    public void commit() throws SQLException {
        exec("COMMIT");
    }

    @Override
    public void rollback() throws SQLException {
        exec("ROLLBACK");
    }

    @Override
    public void changed(List<String> names) {
        // one file, opened by whoever uses it: there is no server to tell
    }

    @Override
    public void idsAssigned() {
        // INTEGER PRIMARY KEY continues after the largest id by itself
    }

    @Override
    public GalleryChanges changes() {
        return GalleryChanges.NONE;
    }

    /** Copies the WAL into the database and truncates it; false if a reader kept part of it alive. */
    @Override
    public boolean purgeDeleted() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            return rs.next() && rs.getInt(1) == 0;
        }
    }

    /** SQLite's full integrity check. */
    @Override
    public String integrityCheck() throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(rs.getString(1));
            }
        }
        return sb.toString();
    }

    @Override
    public GalleryException failure(String what, SQLException e) {
        return failure(path, what, e);
    }

    static GalleryException failure(Path path, String what, SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException se ? se.getResultCode() : null;
        if (code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB) {
            return new GalleryException("Gallery " + path + " is corrupt (" + e.getMessage() + ") during " + what
                    + ". The file was left as it is; restore it from a backup or use another --gallery path.", e);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED) {
            return new GalleryException("Gallery " + path + " stayed locked by another process for " + BUSY_TIMEOUT_MS / 1000
                    + " s during " + what + "; nothing was changed, try again", e);
        }
        return new GalleryException("Gallery " + path + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing after a failure: the failure is what the user needs to see
            }
        }
    }
}
