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
    private final IntegrityRecord record;
    /** The file's state when this store last knew it intact; null until the first write, or after a foreign change. */
    private IntegrityRecord.FileState trusted;
    private int quickChecks;
    private String lastIntegrityDecision = "no write yet";

    private SqliteBackend(Path path, Connection conn) {
        this.path = path;
        this.conn = conn;
        this.record = new IntegrityRecord(path);
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
     * IMMEDIATE takes the write lock up front so two writers queue instead of deadlocking. Each write first makes sure,
     * inside the lock, that the file is intact: nothing is written into a file that is corrupt ({@link #requireIntact}).
     */
    @Override
    public void begin(boolean write) throws SQLException {
        exec(write ? "BEGIN IMMEDIATE" : "BEGIN");
        if (write) {
            requireIntact();
        }
    }

    /**
     * SQLite's quick_check over the whole file (1.4-2.3 s at a million people), unless the file is still in a state a
     * OneShot process knew intact: the one this store saw after its own last change, or the one in the
     * {@link IntegrityRecord} beside the file. Only SQLite's commits and checkpoints change a gallery between those
     * moments, and a crash in one of them cannot leave a half-written database (WAL frames carry checksums and are
     * replayed or dropped whole); anything else that writes the file changes its state, and then the check runs.
     */
    private void requireIntact() throws SQLException {
        IntegrityRecord.FileState now = record.now();
        if (now != null && now.equals(trusted)) {
            lastIntegrityDecision = "skipped: the file is as this store last left it";
            return;
        }
        if (now != null && now.equals(record.read())) {
            trusted = now;
            lastIntegrityDecision = "skipped: the file is as a OneShot process last knew it intact (" + record.path() + ")";
            return;
        }
        String result;
        quickChecks++;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check(1)")) {
            result = rs.next() ? rs.getString(1) : "no answer";
        }
        if (!"ok".equals(result)) {
            trusted = null;
            lastIntegrityDecision = "quick_check failed: " + result;
            rollback();
            throw new GalleryException("Gallery " + path + " is corrupt (" + result + "), so nothing was written. The file"
                    + " was left as it is; Enroll --check lists the problems; restore it from a backup or use another"
                    + " --gallery path.");
        }
        lastIntegrityDecision = now == null ? "quick_check passed (no file state to record here)" : "quick_check passed";
        // another process's checkpoint during the check leaves the state unknown: no record then, the next write checks
        trusted = now != null && now.equals(record.now()) ? now : null;
        if (trusted != null) {
            record.write(trusted);
        }
    }

    /** How many whole-file quick_checks this store ran (tests, benchmarks). */
    int quickChecksRun() {
        return quickChecks;
    }

    /** Why the last write did or did not run the whole-file check (tests, benchmarks). */
    String lastIntegrityDecision() {
        return lastIntegrityDecision;
    }

    @Override
    public void commit() throws SQLException {
        ownChange(() -> exec("COMMIT"));
    }

    /**
     * Runs a change of this store's own (a commit, a checkpoint) and, if the file was in the trusted state just before,
     * trusts and records the state after it. A state that moved before the change (another process checkpointed, or
     * something else wrote) is not ours to vouch for: the next write checks.
     */
    private void ownChange(SqlAction change) throws SQLException {
        boolean fromTrusted = trusted != null && trusted.equals(record.now());
        try {
            change.run();
        } finally {
            IntegrityRecord.FileState after = fromTrusted ? record.now() : null;
            if (after != null && !after.equals(trusted)) {
                record.write(after);
            }
            trusted = after;
        }
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
        boolean[] complete = new boolean[1];
        ownChange(() -> complete[0] = checkpoint("TRUNCATE"));
        return complete[0];
    }

    /** True if the checkpoint copied the whole WAL into the file ({@code busy} 0). */
    private boolean checkpoint(String mode) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return rs.next() && rs.getInt(1) == 0;
        }
    }

    /**
     * Copies the WAL into the file itself before closing, so the checkpoint SQLite runs when the last connection closes
     * finds nothing to copy and leaves the file in the state just recorded: the next process then skips the check.
     */
    @Override
    public void close() {
        try {
            try {
                if (trusted != null) {
                    ownChange(() -> checkpoint("PASSIVE"));
                }
            } finally {
                conn.close();
            }
        } catch (SQLException e) {
            throw failure("close", e);
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

    private interface SqlAction {
        void run() throws SQLException;
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
