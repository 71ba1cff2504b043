package oneshot.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code %classpath} and {@code %jars} (IJava and JJava both have them), and {@code %%classpath} with one entry per
 * line. Entries are paths relative to the notebook, may hold several paths joined by the path separator, and may end
 * in a {@code *} glob on the file name ({@code ../target/dependency/*.jar}); a glob may match nothing.
 */
final class ClasspathMagics {
    private final Consumer<String> addToClasspath;

    ClasspathMagics(Consumer<String> addToClasspath) {
        this.addToClasspath = addToClasspath;
    }

    /** Adds every entry and returns the paths added; an entry that matches nothing is an error naming it. */
    List<String> add(List<String> args) {
        List<String> added = new ArrayList<>();
        for (String arg : args) {
            for (String entry : arg.split(java.io.File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                List<Path> paths = expand(entry.strip());
                // A glob matching nothing adds nothing (as in IJava: "../target/dependency/*.jar" before
                // copy-dependencies); a plain path that does not exist is a mistake worth stopping for.
                if (paths.isEmpty() && !isGlob(entry)) {
                    throw new IllegalArgumentException("%classpath: nothing found at " + entry
                            + " (relative to " + Paths.get("").toAbsolutePath() + ")");
                }
                for (Path p : paths) {
                    addToClasspath.accept(p.toString());
                    added.add(p.toString());
                }
            }
        }
        return added;
    }

    List<String> addLines(String body) {
        return add(body.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    }

    private static boolean isGlob(String entry) {
        return entry.contains("*") || entry.contains("?");
    }

    private static List<Path> expand(String entry) {
        Path path = Paths.get(entry).toAbsolutePath().normalize();
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!isGlob(name)) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, name)) {
            stream.forEach(matches::add);
        } catch (IOException e) {
            throw new UncheckedIOException("%classpath: cannot list " + dir, e);
        }
        matches.sort(null);
        return matches;
    }
}
