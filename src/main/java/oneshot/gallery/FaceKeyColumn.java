package oneshot.gallery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import oneshot.io.Progress;

/**
 * Fills {@code embeddings.face_key} ({@link FaceKey#GALLERY}) for the rows that have none: the migration of a gallery
 * written before the key existed, run by both engines inside the transaction that adds the column.
 */
public final class FaceKeyColumn {
    /** Rows read per query: memory stays bounded, and no cursor is open over the table while it is updated. */
    private static final int CHUNK = 10_000;
    /** From this many rows on, the migration shows its progress on stderr. */
    private static final long SHOW_PROGRESS_FROM = 50_000;

    private FaceKeyColumn() {}

    /** In the caller's transaction: computes the key of every row whose key is NULL, in id order. Returns how many. */
    public static long fill(Connection c, String location) throws SQLException {
        long total;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM embeddings WHERE face_key IS NULL")) {
            rs.next();
            total = rs.getLong(1);
        }
        if (total == 0) {
            return 0;
        }
        Progress progress = null;
        if (total >= SHOW_PROGRESS_FROM) {
            System.err.printf(java.util.Locale.ROOT, "Gallery %s: computing the face key of %,d stored vectors (once, migrating"
                    + " to the schema with face keys)%n", location, total);
            progress = new Progress("face keys", total);
        }
        long done = 0;
        long after = Long.MIN_VALUE;
        try (PreparedStatement read = c.prepareStatement("SELECT id, vector FROM embeddings WHERE face_key IS NULL"
                + " AND id > ? ORDER BY id LIMIT " + CHUNK);
                PreparedStatement update = c.prepareStatement("UPDATE embeddings SET face_key = ? WHERE id = ?")) {
            while (true) {
                read.setLong(1, after);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong(1);
                        update.setLong(1, FaceKey.GALLERY.of(Vectors.fromBlob(rs.getBytes(2))));
                        update.setLong(2, after);
                        update.addBatch();
                        rows++;
                    }
                }
                if (rows == 0) {
                    break;
                }
                update.executeBatch();
                done += rows;
                if (progress != null) {
                    progress.step(rows);
                }
            }
        }
        if (progress != null) {
            progress.finish();
        }
        return done;
    }
}
