package oneshot.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why a path given as an input file cannot be read, in words a user can act on (never a bare "no such file"). */
public final class InputFiles {
    private InputFiles() {}

    /** Null if {@code p} is a readable regular file, else the reason, phrased to follow the path ("is a directory"). */
    public static String whyNotAFile(Path p) {
        if (Files.isSymbolicLink(p) && !Files.exists(p)) {
            try {
                p.toRealPath();
                return "cannot be resolved";
            } catch (NoSuchFileException e) {
                return "is a dangling symbolic link (its target does not exist)";
            } catch (IOException e) {
                return "is a symbolic link that cannot be followed (" + reason(e, p) + ")";
            }
        }
        if (!Files.exists(p)) {
            return "does not exist";
        }
        if (Files.isDirectory(p)) {
            return "is a directory, not a file";
        }
        if (!Files.isRegularFile(p)) {
            return "is not a regular file (a device, pipe or socket)";
        }
        if (!Files.isReadable(p)) {
            return "is not readable (permission denied)";
        }
        return null;
    }

    /**
     * The reason of an I/O error on {@code file} without repeating the path (JDK and decoder messages start with it),
     * e.g. "Too many levels of symbolic links" rather than "a.png: Too many levels of symbolic links".
     */
    public static String reason(IOException e, Path file) {
        if (e instanceof FileSystemException fse) {
            if (fse.getReason() != null) {
                return fse.getReason();
            }
            if (e instanceof NoSuchFileException) {
                return "does not exist";
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
        }
        return withoutPath(String.valueOf(e.getMessage()), file);
    }

    /** {@code message} without a leading "{@code file}: ". */
    public static String withoutPath(String message, Path file) {
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
