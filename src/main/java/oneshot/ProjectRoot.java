package oneshot;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The project folder (the one holding {@code pom.xml}), found from where this code was loaded, so that defaults such
 * as {@code weights/} and {@code ../shared} mean the same thing from any working directory.
 *
 * <p>The code runs from {@code <project>/target/classes} (exec:java, tests) or a jar in {@code <project>/target}; from
 * anywhere else (a copied jar) there is no project folder and the working directory is used, as before.
 */
public final class ProjectRoot {
    private static final Path ROOT = locate();

    private ProjectRoot() {}

    public static Path get() {
        return ROOT;
    }

    private static Path locate() {
        try {
            Path code = Paths.get(ProjectRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            if (target != null && target.getFileName() != null && "target".equals(target.getFileName().toString())
                    && target.getParent() != null && Files.isRegularFile(target.getParent().resolve("pom.xml"))) {
                return target.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no file location (e.g. a custom class loader): fall back to the working directory
        }
        return Paths.get("").toAbsolutePath();
    }
}
