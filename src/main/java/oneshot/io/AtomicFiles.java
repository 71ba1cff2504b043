package oneshot.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Writes that never leave a half-written file under the final name, and file hashes. */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Readable by everyone once written, like any ordinary output (manifests, reports). */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, true, out -> out.write(bytes));
    }

    /** Owner-only (rw-------): for anything holding names or vectors (annotated images, reports, embeddings). */
    public static void writePrivate(Path target, byte[] bytes) throws IOException {
        write(target, false, out -> out.write(bytes));
    }

    /** What a streamed write puts into the temp file. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Streams {@code body} into a temp file beside {@code target}, then renames it over the target.
     *
     * @param worldReadable false keeps the temp file's owner-only mode (for embeddings, which are biometric data)
     */
    public static void write(Path target, boolean worldReadable, Body body) throws IOException {
        Path tmp = tempBeside(target);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            if (worldReadable) {
                makeWorldReadable(tmp);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames {@code tmp} over {@code target} atomically (same folder, so same file system). */
    public static void move(Path tmp, Path target) throws IOException {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Temp files are created owner-only; ordinary outputs (manifests, reports) should read like any file. */
    public static void makeWorldReadable(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default
        }
    }

    public static Path tempBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha())) {
            MessageDigest md = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(md.digest());
        }
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha().digest(bytes));
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
