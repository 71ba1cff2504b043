package oneshot.gallery.pg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import oneshot.gallery.GalleryBackend;
import oneshot.gallery.GalleryChanges;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryLocation;
import org.postgresql.util.PSQLWarning;

/**
 * A gallery in a PostgreSQL schema that several servers share ({@code jdbc:postgresql://HOST:PORT/DB?currentSchema=S}).
 *
 * <p>Writes take {@code LOCK TABLE gallery_meta IN SHARE ROW EXCLUSIVE MODE} first: writers of all servers queue (as SQLite's
 * IMMEDIATE transactions do), readers are never blocked. Each write also records a row in {@code gallery_changes} and
 * NOTIFYs its id in the same transaction, so listeners learn of it exactly when it commits; since writers hold the lock
 * until commit, change ids grow in commit order. Reads run REPEATABLE READ, READ ONLY: one snapshot per call.
 */
public final class PostgresBackend implements GalleryBackend {
    /** How long a write waits for another server's write before it gives up (SQLite's busy timeout). */
    static final int LOCK_TIMEOUT_S = 30;
    /** Changes older than this are deleted; a listener that far behind has reconnected and reloaded anyway. */
    static final String CHANGES_KEPT = "1 hour";
    static final String PRUNED_THROUGH = "changes_pruned_through";
    /** How long a removal's table rewrite waits for other servers' reads before it leaves the purge to a later one. */
    static final int PURGE_LOCK_TIMEOUT_S = 5;
    private static final Pattern NOT_REMOVABLE = Pattern.compile("(\\d+) dead row versions cannot be removed yet");

    private final String url;
    private final String location;
    private final Connection conn;
    private final String channel;
    private final int version;

    private PostgresBackend(String url, Connection conn, PostgresSchema.Prepared schema) {
        this.url = url;
        this.location = GalleryLocation.redact(url);
        this.conn = conn;
        this.channel = channel(schema.schema());
        this.version = schema.version();
    }

    /** Connects and checks (or, with {@code create}, makes) the gallery tables in the URL's schema. */
    public static PostgresBackend open(String url, boolean create) {
        return open(url, create, PostgresSchema.LATEST);
    }

    /** As {@link #open(String, boolean)}, migrating no further than {@code upTo} (to test migrations from old versions). */
    static PostgresBackend open(String url, boolean create, int upTo) {
        String location = GalleryLocation.redact(url);
        Connection c = connect(url, location, "oneshot-gallery");
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET lock_timeout = '" + LOCK_TIMEOUT_S + "s'");
            }
            PostgresSchema.Prepared schema = PostgresSchema.prepare(c, location, create, upTo);
            c.commit();
            return new PostgresBackend(url, c, schema);
        } catch (SQLException e) {
            rollbackAndClose(c);
            throw failure(location, "open", e);
        } catch (RuntimeException e) {
            rollbackAndClose(c);
            throw e;
        }
    }

    static Connection connect(String url, String location, String applicationName) {
        Properties p = new Properties();
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "10");
        p.setProperty("reWriteBatchedInserts", "true"); // a batch of inserts goes as multi-row INSERTs
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw new GalleryException("Cannot connect to the PostgreSQL gallery " + location + ": " + e.getMessage(), e);
        }
    }

    /** The NOTIFY channel of one schema's gallery (channels are per database, galleries per schema). */
    static String channel(String schema) {
        return "oneshot_gallery." + schema;
    }

    static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The schema version this gallery is at. */
    int version() {
        return version;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public Connection connection() {
        return conn;
    }

    @Override
    public void begin(boolean write) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(write ? "LOCK TABLE gallery_meta IN SHARE ROW EXCLUSIVE MODE"
                    : "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
    }

    @Override
    public void commit() throws SQLException {
        conn.commit();
    }

    @Override
    public void rollback() throws SQLException {
        conn.rollback();
    }

    /** Records the change and NOTIFYs its id, both part of the caller's transaction; now and then prunes old changes. */
    @Override
    public void changed(List<String> names) throws SQLException {
        if (version < 2) {
            return; // opened short of the change feed's migration (tests of migrations only)
        }
        long id;
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO gallery_changes(names) VALUES (?) RETURNING id")) {
            ps.setArray(1, conn.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, Long.toString(id));
            ps.executeQuery().close();
        }
        if (id % 100 == 0) {
            prune();
        }
    }

    private void prune() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("WITH gone AS (DELETE FROM gallery_changes"
                + " WHERE changed_at < now() - interval '" + CHANGES_KEPT + "' RETURNING id) SELECT max(id) FROM gone")) {
            rs.next();
            long through = rs.getLong(1);
            if (!rs.wasNull()) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO gallery_meta(key, value) VALUES (?, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                    ps.setString(1, PRUNED_THROUGH);
                    ps.setString(2, Long.toString(through));
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Identity columns keep their own sequence: move it past the ids the store inserted. */
    @Override
    public void idsAssigned() throws SQLException {
        try (Statement st = conn.createStatement()) {
            for (String table : List.of("identities", "embeddings")) {
                st.executeQuery("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT max(id) FROM " + table
                        + "))").close();
            }
        }
    }

    @Override
    public GalleryChanges changes() {
        if (version < 2) {
            return GalleryChanges.NONE;
        }
        return new PostgresChangeFeed(url, location, channel);
    }

    /**
     * Rewrites the gallery's tables (VACUUM FULL): a plain VACUUM only unlinks deleted tuples, and their bytes stay in the
     * page until overwritten (a test found the removed vector in the table file). The rewrite holds an exclusive lock for
     * a moment per table; it waits at most {@link #PURGE_LOCK_TIMEOUT_S} s for other servers' reads. False when it could
     * not get the lock, or an open transaction elsewhere still sees the deleted rows (the next removal's rewrite, or a
     * VACUUM FULL by the DBA, clears them).
     */
    @Override
    public boolean purgeDeleted() throws SQLException {
        conn.setAutoCommit(true); // VACUUM cannot run inside a transaction
        try (Statement st = conn.createStatement()) {
            st.execute("SET lock_timeout = '" + PURGE_LOCK_TIMEOUT_S + "s'");
            int notRemovable = 0;
            for (String table : List.of("embeddings", "identities")) {
                try {
                    st.execute("VACUUM (FULL, VERBOSE) " + table);
                } catch (SQLException e) {
                    if ("55P03".equals(e.getSQLState())) {
                        return false;
                    }
                    throw e;
                }
                for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                    String text = w.getMessage() + (w instanceof PSQLWarning pw && pw.getServerErrorMessage() != null
                            ? " " + pw.getServerErrorMessage().getDetail() : "");
                    Matcher m = NOT_REMOVABLE.matcher(text);
                    while (m.find()) {
                        notRemovable += Integer.parseInt(m.group(1));
                    }
                }
                st.clearWarnings();
            }
            return notRemovable == 0;
        } finally {
            try (Statement st = conn.createStatement()) {
                st.execute("SET lock_timeout = '" + LOCK_TIMEOUT_S + "s'");
            }
            conn.setAutoCommit(false);
        }
    }

    /**
     * The gallery's rows against its binding: every vector of the bound model and dimension, whole float32 values (the
     * pages themselves are the server's: data checksums, if the cluster has them, and amcheck).
     */
    @Override
    public String integrityCheck() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT e.id, e.model_id, e.dim,"
                + " octet_length(e.vector), m.value, d.value FROM embeddings e"
                + " LEFT JOIN gallery_meta m ON m.key = 'model_id' LEFT JOIN gallery_meta d ON d.key = 'dimension'"
                + " WHERE octet_length(e.vector) <> 4 * e.dim OR m.value IS DISTINCT FROM e.model_id"
                + " OR d.value IS DISTINCT FROM e.dim::text ORDER BY e.id LIMIT 100")) {
            while (rs.next()) {
                problems.add("embedding " + rs.getLong(1) + ": model '" + rs.getString(2) + "', " + rs.getInt(3)
                        + "-d, " + rs.getInt(4) + " bytes; the gallery is bound to '" + rs.getString(5) + "', "
                        + rs.getString(6) + "-d");
            }
        }
        return problems.isEmpty() ? "ok" : String.join("\n", problems);
    }

    @Override
    public GalleryException failure(String what, SQLException e) {
        return failure(location, what, e);
    }

    static GalleryException failure(String location, String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return new GalleryException("Lost the connection to the PostgreSQL gallery " + location + " during " + what
                    + " (" + e.getMessage() + "); this step was not committed, try again", e);
        }
        if (state.equals("55P03")) {
            return new GalleryException("Gallery " + location + " stayed locked by another server for " + LOCK_TIMEOUT_S
                    + " s during " + what + "; nothing was changed, try again", e);
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return new GalleryException("Gallery " + location + ": " + what + " collided with another server's change ("
                    + e.getMessage() + "); nothing was changed, try again", e);
        }
        return new GalleryException("Gallery " + location + ": cannot " + what + ": " + e.getMessage(), e);
    }

    private static void rollbackAndClose(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original error is the one worth reporting
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // as above
        }
    }
}
