package oneshot.gallery.pg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import oneshot.gallery.GalleryChanges;
import oneshot.gallery.GalleryException;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on the gallery's channel with a connection of its own and hands every committed change to the listener.
 *
 * <p>A notification only says "read the changes after the last one you saw": the rows in {@code gallery_changes} are the
 * truth, so notifications that are merged or arrive late lose nothing. A lost connection is re-established with back-off,
 * and since changes may have been missed while it was down, the listener is told to reload everything. Every few
 * seconds the feed reads the change table even without a notification, which also notices a connection that died
 * silently.
 */
final class PostgresChangeFeed implements GalleryChanges {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeFeed.class);
    static final int WAIT_MS = 200;
    static final int SAFETY_POLL_MS = 5_000;
    private static final int MAX_BACKOFF_MS = 5_000;

    private final String url;
    private final String location;
    private final String channel;
    private volatile boolean closed;
    private Connection conn; // the feed thread's after start()
    private long lastId;
    private Thread thread;

    PostgresChangeFeed(String url, String location, String channel) {
        this.url = url;
        this.location = location;
        this.channel = channel;
    }

    @Override
    public synchronized void start(Listener listener) {
        if (thread != null) {
            throw new IllegalStateException("feed already started");
        }
        try {
            listen();
        } catch (SQLException e) {
            closeConnection();
            throw PostgresBackend.failure(location, "listen for changes", e);
        }
        thread = new Thread(() -> run(listener), "gallery-changes");
        thread.setDaemon(true);
        thread.start();
    }

    /** LISTEN, then note the newest change: everything after it will be delivered. */
    private void listen() throws SQLException {
        conn = PostgresBackend.connect(url, location, "oneshot-gallery-feed");
        conn.setAutoCommit(true);
        try (Statement st = conn.createStatement()) {
            st.execute("LISTEN " + PostgresBackend.quoted(channel));
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM gallery_changes")) {
                rs.next();
                lastId = rs.getLong(1);
            }
        }
    }

    private void run(Listener listener) {
        long lastPoll = System.nanoTime();
        while (!closed) {
            try {
                PGNotification[] got = conn.unwrap(PGConnection.class).getNotifications(WAIT_MS);
                boolean due = System.nanoTime() - lastPoll > SAFETY_POLL_MS * 1_000_000L;
                if (!closed && ((got != null && got.length > 0) || due)) {
                    lastPoll = System.nanoTime();
                    deliver(listener);
                }
            } catch (SQLException | GalleryException e) {
                if (closed) {
                    break;
                }
                LOG.warn("Change feed of gallery {} lost its connection ({}); reconnecting", location, e.getMessage());
                reconnect();
                if (!closed) {
                    safely(listener::reloadAll);
                }
            }
        }
        closeConnection();
    }

    /** The changes after {@link #lastId}, names merged, as one call; a reload when the table was pruned past it. */
    private void deliver(Listener listener) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        boolean everything = false;
        long newest = lastId;
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, names FROM gallery_changes WHERE id > ? ORDER BY id")) {
            ps.setLong(1, lastId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    newest = rs.getLong(1);
                    Array a = rs.getArray(2);
                    String[] changed = (String[]) a.getArray();
                    everything |= changed.length == 0; // a bulk change: too many names to re-read one by one
                    names.addAll(List.of(changed));
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM gallery_meta WHERE key = ?")) {
            ps.setString(1, PostgresBackend.PRUNED_THROUGH);
            try (ResultSet rs = ps.executeQuery()) {
                everything |= rs.next() && Long.parseLong(rs.getString(1)) > lastId; // missed pruned changes
            }
        }
        lastId = newest;
        if (everything) {
            safely(listener::reloadAll);
        } else if (!names.isEmpty()) {
            List<String> list = new ArrayList<>(names);
            safely(() -> listener.changed(list));
        }
    }

    /** A listener's failure must not stop the feed; reloading is the safe way back. */
    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Applying a change of gallery {} failed ({}); the next search reloads it", location, e.toString());
        }
    }

    private void reconnect() {
        closeConnection();
        int backoff = 100;
        while (!closed) {
            try {
                listen();
                LOG.info("Change feed of gallery {} reconnected; reloading the gallery", location);
                return;
            } catch (SQLException | GalleryException e) {
                closeConnection();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private void closeConnection() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // a dead connection: nothing to release
            }
            conn = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeConnection();
        }
    }
}
