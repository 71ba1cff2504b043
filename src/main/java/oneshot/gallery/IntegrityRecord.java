package oneshot.gallery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import oneshot.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gallery file's state (device, inode, size, modification and change time) when a OneShot process last knew it
 * intact, kept beside it in {@code NAME-checked}; {@link SqliteBackend} skips its whole-file {@code quick_check} when the
 * file is still in exactly that state.
 *
 * <p>Why the record is not kept inside the file: writing it would change what it records. The change time is the
 * reason for the record at all: every write to the file through the file system sets it, and unlike the modification
 * time no program can set it back ({@code touch -r}, {@code cp -p} and {@code rsync -t} restore modification times). A
 * copy or restore is a new inode or a new change time. So a state equal to the record means nothing but the processes
 * that wrote the record has written the file since: {@link SqliteBackend} writes one only after a passed check or after
 * a change it made itself to a file it knew intact.
 *
 * <p>What it cannot see: damage below the file system (media errors, writes to the raw device, a file system check
 * that rewrote blocks), a reset clock, and a foreign write landing during OneShot's own commit or checkpoint (the
 * milliseconds between the state read before and after it). {@code Enroll --check} runs the full integrity check
 * for those. Where the file system has no inode numbers or change times there is no record, and every first write
 * checks as before.
 */
final class IntegrityRecord {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrityRecord.class);
    private static final String FORMAT = "oneshot-gallery-intact 1";

    /** What the file system says about the file; equal states mean no write through the file system in between. */
    record FileState(long device, long inode, long size, Instant modified, Instant changed) {
        String line() {
            return FORMAT + " dev=" + device + " ino=" + inode + " size=" + size + " mtime=" + modified + " ctime=" + changed;
        }

        static FileState parse(String line) {
            String[] f = line.trim().split(" ");
            if (f.length != 7 || !(f[0] + " " + f[1]).equals(FORMAT)) {
                return null;
            }
            try {
                return new FileState(Long.parseLong(value(f[2], "dev")), Long.parseLong(value(f[3], "ino")),
                        Long.parseLong(value(f[4], "size")), Instant.parse(value(f[5], "mtime")),
                        Instant.parse(value(f[6], "ctime")));
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static String value(String field, String key) {
            if (!field.startsWith(key + "=")) {
                throw new IllegalArgumentException(field);
            }
            return field.substring(key.length() + 1);
        }
    }

    private final Path file;
    private final Path record;

    IntegrityRecord(Path file) {
        this.file = file;
        this.record = Path.of(file + "-checked");
    }

    Path path() {
        return record;
    }

    /** The file's state now, or null where the file system does not tell inode and change time. */
    FileState now() {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
            return new FileState((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                    ((FileTime) a.get("lastModifiedTime")).toInstant(), ((FileTime) a.get("ctime")).toInstant());
        } catch (UnsupportedOperationException | IOException | ClassCastException e) {
            return null;
        }
    }

    /** The recorded state, or null if there is none (never written, deleted, unreadable or not ours). */
    FileState read() {
        try {
            return FileState.parse(Files.readString(record, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Ignoring {}: {}", record, e.toString());
            return null;
        }
    }

    /** Records {@code state} (atomically); a record that cannot be written only means the next process checks. */
    void write(FileState state) {
        try {
            AtomicFiles.writePrivate(record, (state.line() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.debug("Cannot write {} (the next open checks the whole file): {}", record, e.toString());
        }
    }
}
