package oneshot.gallery;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where a {@link GalleryStore} keeps its tables: a SQLite file ({@link SqliteBackend}) or a PostgreSQL schema
 * ({@code oneshot.gallery.pg.PostgresBackend}).
 *
 * <p>Only what differs between the two engines lives here: how a transaction starts and takes the write lock, what a
 * change tells other processes, how deleted rows are purged, what an integrity check is and how engine errors read.
 * Everything about names, model binding, duplicate faces and vector encoding is the store's, written once in portable SQL.
 */
public interface GalleryBackend extends AutoCloseable {
    /** What messages name: the file, or the JDBC URL without credentials. */
    String location();

    /** The one connection of this store; used by one thread at a time (the store's methods are synchronised). */
    Connection connection();

    /**
     * Starts a transaction. A write transaction holds the gallery's write lock until it ends, so writers of several
     * processes queue instead of racing their check-then-insert; a read sees one consistent snapshot.
     */
    void begin(boolean write) throws SQLException;

    void commit() throws SQLException;

    void rollback() throws SQLException;

    /**
     * Inside a write transaction, after the change: these people's vectors changed (enrolled, removed, renamed). A shared
     * backend records it for the other processes in the same transaction; a file backend has nobody to tell.
     */
    void changed(List<String> names) throws SQLException;

    /** After rows were inserted with ids the store chose: the engine's id generators move past them. */
    void idsAssigned() throws SQLException;

    /** The feed of other processes' changes ({@link GalleryChanges#NONE} where there are none to learn of). */
    GalleryChanges changes();

    /**
     * After a committed removal: clears the old copies of deleted rows the engine keeps (SQLite's WAL, PostgreSQL's dead
     * tuples). False when another connection kept them alive; they go at the engine's next clean-up.
     */
    boolean purgeDeleted() throws SQLException;

    /** The engine's own consistency check: "ok" or the problems, one a line. */
    String integrityCheck() throws SQLException;

    /** The engine's error as the user should read it, naming the gallery and what was being done. */
    GalleryException failure(String what, SQLException e);

    /** Closes the connection. */
    @Override
    default void close() {
        try {
            connection().close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }
}
