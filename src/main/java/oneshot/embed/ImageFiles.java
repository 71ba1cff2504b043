package oneshot.embed;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Image files under a folder tree (sorted, so every run sees the same order; linked folders followed), or a single file.
 *
 * <p>Every entry named like an image is listed, including those no decoder here reads (WebP, HEIC, AVIF, TIFF), links
 * to missing files and links that loop: the jobs give each a row with the reason instead of skipping it in silence.
 * Hidden files and files without an image extension are not inputs. A linked folder that loops back into the tree is
 * not entered (a warning says so).
 */
public final class ImageFiles {
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "pgm", "ppm", "pnm",
            // recognised, not decodable: listed so the jobs report them
            "webp", "heic", "heif", "avif", "tif", "tiff", "jxl", "jp2");

    private ImageFiles() {}

    public static List<Path> list(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is neither an image file nor a folder");
        }
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                // attrs of a dangling link or a link loop are the link's own: listed, the decoder names the problem
                if (isImage(file) && (attrs.isRegularFile() || Files.isSymbolicLink(file) || attrs.isOther())) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    System.err.println("warning: not entering " + file + ": the linked folder loops back into " + root);
                    return FileVisitResult.CONTINUE;
                }
                if (isImage(file)) {
                    out.add(file);       // unreadable entry: the decoder names the reason
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        out.sort(null);
        return out;
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
