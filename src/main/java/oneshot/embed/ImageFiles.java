package oneshot.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Image files under a folder tree (sorted, so every run sees the same order; linked folders followed), or a single file. */
public final class ImageFiles {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "pgm", "ppm", "pnm");

    private ImageFiles() {}

    public static List<Path> list(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is neither an image file nor a folder");
        }
        try (Stream<Path> s = Files.walk(root, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
        }
    }

    public static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && !n.startsWith(".") && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Path relative to the root with '/' separators: what tables store, so they move with the data. */
    public static String relative(Path root, Path file) {
        if (root.equals(file)) {
            return file.getFileName().toString();
        }
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** The identity of {@code <identity>/<image>} under the root: the first folder, or "" for loose files. */
    public static String label(String relativePath) {
        int slash = relativePath.indexOf('/');
        return slash < 0 ? "" : relativePath.substring(0, slash);
    }
}
