package oneshot.gallery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gallery's file on disk: born owner-only and complete, recognised by its SQLite header before SQLite touches it.
 *
 * <p>A new gallery is built in a temporary owner-only file and hard-linked to its name, so the name never points to a
 * half-initialised database and an existing file is never replaced. An existing file is accepted only if its header carries
 * OneShot's application_id and a schema version this build reads; anything else is refused and left as it is.
 */
final class GalleryFile {
    /** "OSG1": marks a SQLite file as a OneShot gallery (SQLite header offset 68). */
    static final int APPLICATION_ID = 0x4F534731;
    /**
     * The schema this build writes and reads (SQLite header offset 60, user_version): 2 adds the face key
     * ({@link FaceKey}); a version-1 file is migrated when opened ({@link SqliteBackend}).
     */
    static final int SCHEMA_VERSION = 2;

    private static final Logger LOG = LoggerFactory.getLogger(GalleryFile.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final String CREATING = ".creating";
    /** A creation takes milliseconds; an old-style temp file this old has no live creator. */
    private static final Duration LEGACY_STALE_AFTER = Duration.ofMinutes(10);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private GalleryFile() {}

    /** Refuses the file unless its header says it is a OneShot gallery of a schema this build can read. */
    static void checkHeader(Path file) {
        byte[] header = new byte[100];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new GalleryException("Cannot read gallery file " + file + ": " + e.getMessage(), e);
        }
        if (read < header.length) {
            throw refused(file, "it has " + read + " bytes, too short to be a SQLite database");
        }
        for (int i = 0; i < SQLITE_MAGIC.length; i++) {
            if (header[i] != SQLITE_MAGIC[i]) {
                throw refused(file, "it is not a SQLite database (wrong header)");
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(header); // SQLite header integers are big-endian
        int userVersion = buf.getInt(60);
        int applicationId = buf.getInt(68);
        if (applicationId != APPLICATION_ID) {
            throw refused(file, String.format("it is a SQLite database of another application (application_id 0x%08X, "
                    + "a OneShot gallery has 0x%08X)", applicationId, APPLICATION_ID));
        }
        if (userVersion > SCHEMA_VERSION) {
            throw refused(file, "it was written by a newer OneShot (schema " + userVersion + "; this build reads up to "
                    + SCHEMA_VERSION + ")");
        }
        if (userVersion < 1) {
            throw refused(file, "it carries no schema version");
        }
    }

    static GalleryException refused(Path file, String why) {
        return new GalleryException("Refusing gallery file " + file + ": " + why
                + ". The file was left untouched; pass another path with --gallery, or restore it from a backup.");
    }

    /**
     * Creates an owner-only temporary file beside {@code target}, lets {@code init} fill it, then links it to {@code target}.
     * Returns false if another process created {@code target} first (its file is kept, ours discarded).
     */
    static boolean createAtomically(Path target, IoAction init) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = createOwnerOnlyTemp(dir, target.getFileName().toString());
        try {
            init.run(tmp);
            try {
                Files.createLink(target, tmp); // atomic and never replaces an existing file
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(target)) {
                    return false;
                }
                Files.move(tmp, target); // no hard links here: a move that refuses to replace, with a small race window
                return true;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code .NAME.pid<PID>.<random>.creating}: the creator's pid tells a live creation from one a kill left behind. */
    private static Path createOwnerOnlyTemp(Path dir, String name) throws IOException {
        String prefix = "." + name + ".pid" + ProcessHandle.current().pid() + ".";
        try {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(dir, prefix, CREATING, attr);
        } catch (UnsupportedOperationException e) {
            LOG.warn("File system of {} has no POSIX permissions: the gallery's access rights follow the folder's", dir);
            return Files.createTempFile(dir, prefix, CREATING);
        }
    }

    /**
     * Deletes half-initialised temp files of {@code target} whose creating process is gone (killed mid-creation); files of
     * the older naming without a pid go once they are older than any creation takes. Returns how many were deleted.
     */
    static int removeStaleTemps(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        String name = target.getFileName().toString();
        Pattern withPid = Pattern.compile(Pattern.quote("." + name + ".pid") + "(\\d+)\\.\\d+" + Pattern.quote(CREATING));
        Pattern legacy = Pattern.compile(Pattern.quote("." + name + ".") + "\\d+" + Pattern.quote(CREATING));
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + glob(name) + ".*" + CREATING)) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                Matcher m = withPid.matcher(file);
                boolean stale = m.matches() ? ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                        : legacy.matcher(file).matches() && Files.getLastModifiedTime(f).toInstant()
                                .isBefore(Instant.now().minus(LEGACY_STALE_AFTER));
                if (stale && Files.deleteIfExists(f)) {
                    removed++;
                    LOG.info("Removed {}, left by a gallery creation that was killed", f);
                }
            }
        }
        return removed;
    }

    private static String glob(String name) {
        return name.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    /** Warns (never changes the user's file) when a gallery is readable by others: embeddings are biometric data. */
    static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                LOG.warn("Gallery {} is accessible to other users ({}); it holds biometric data: chmod 600 {}",
                        file, PosixFilePermissions.toString(perms), file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // no POSIX permissions to check
        }
    }

    /** File work that may throw IOException. */
    interface IoAction {
        void run(Path file) throws IOException;
    }
}
