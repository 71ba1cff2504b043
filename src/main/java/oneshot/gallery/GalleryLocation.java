package oneshot.gallery;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where a gallery lives, as the user names it: a SQLite file path, or a PostgreSQL JDBC URL
 * ({@code jdbc:postgresql://host:port/db?currentSchema=...}) for a gallery several servers share.
 */
public record GalleryLocation(Path file, String jdbcUrl) {
    static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    public GalleryLocation {
        if ((file == null) == (jdbcUrl == null)) {
            throw new IllegalArgumentException("a gallery is a file or a JDBC URL");
        }
    }

    /** A {@code jdbc:postgresql:} URL is a database gallery; anything else is a file path. */
    public static GalleryLocation parse(String location) {
        if (location.regionMatches(true, 0, "jdbc:", 0, 5)) {
            if (!location.regionMatches(true, 0, POSTGRES_PREFIX, 0, POSTGRES_PREFIX.length())) {
                throw new GalleryException("Unsupported gallery URL " + redact(location) + ": a gallery is a SQLite file"
                        + " path or a PostgreSQL URL (jdbc:postgresql://HOST:PORT/DATABASE)");
            }
            return new GalleryLocation(null, location);
        }
        return new GalleryLocation(Paths.get(location), null);
    }

    public static GalleryLocation of(Path file) {
        return new GalleryLocation(file, null);
    }

    public boolean isDatabase() {
        return jdbcUrl != null;
    }

    /** For messages: the file, or the URL with any password cut out. */
    @Override
    public String toString() {
        return file != null ? file.toString() : redact(jdbcUrl);
    }

    /** The URL without {@code password=} parameters or a {@code user:password@} part. */
    public static String redact(String url) {
        return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
    }
}
