package oneshot.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Stream;
import oneshot.UsageException;

/**
 * Outputs never overwrite what is not theirs: an existing path is replaced only if it is the command's own kind of output
 * and the user said {@code --force}; an input of the same run (the image, the gallery) or any other file never is.
 * Refusals are usage errors (exit 2) that name the file, what it is, and the way out.
 */
public final class OutputGuard {
    private OutputGuard() {}

    /**
     * Checks that {@code target} may be written as {@code kind}.
     *
     * @param inputs files and folders this run reads (null entries are ignored)
     */
    public static void checkFile(Path target, OutputKind kind, boolean force, Collection<Path> inputs) throws IOException {
        refuseInput(target, inputs);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(target) || !Files.isRegularFile(target)) {
            throw refused(target, Files.isDirectory(target) ? "is a directory" : "is not a regular file (a link, device or pipe)",
                    "pass a new file name");
        }
        if (!kind.recognises(target)) {
            throw refused(target, "exists and is not " + kind.description() + " this command wrote"
                    + (looksLikeSqlite(target) ? " (it is a SQLite database, perhaps a gallery)" : ""),
                    "pass a new file name; it is never replaced, even with --force");
        }
        if (!force) {
            throw refused(target, "already holds " + kind.description() + " from an earlier run",
                    "pass --force to replace it, or a new file name");
        }
    }

    /**
     * Checks that folder {@code target} may receive this command's files: absent, empty, or holding {@code marker} (a file
     * only this command writes there). {@code force} is needed to write into an earlier run's folder unless
     * {@code resumable}.
     */
    public static void checkFolder(Path target, String marker, boolean force, boolean resumable, Collection<Path> inputs)
            throws IOException {
        refuseInput(target, inputs);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw refused(target, "exists and is not a folder", "pass a new folder name");
        }
        boolean empty;
        try (Stream<Path> s = Files.list(target)) {
            empty = s.findAny().isEmpty();
        }
        if (empty) {
            return;
        }
        if (!Files.isRegularFile(target.resolve(marker))) {
            throw refused(target, "is a folder with other files in it (no " + marker + " of an earlier run)",
                    "pass a new or empty folder; it is never written into, even with --force");
        }
        if (!force && !resumable) {
            throw refused(target, "holds an earlier run (" + marker + ")", "pass --force to replace its files, or a new folder");
        }
    }

    private static void refuseInput(Path target, Collection<Path> inputs) throws IOException {
        for (Path in : inputs) {
            if (in != null && Files.exists(target) && Files.exists(in) && Files.isSameFile(target, in)) {
                throw refused(target, "is also an input of this run (" + in + ")", "pass another output path");
            }
        }
    }

    private static boolean looksLikeSqlite(Path file) throws IOException {
        return OutputKind.text("", "SQLite format 3\0").recognises(file);
    }

    private static UsageException refused(Path target, String what, String wayOut) {
        return new UsageException("Refusing to write " + target + ": it " + what + ". Nothing was written; " + wayOut + ".");
    }
}
