package oneshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the read-only inputs live (weights, datasets, golden references).
 *
 * <p>Defaults to {@code ../shared} beside the project folder ({@link ProjectRoot}, whatever the working directory); overridden by the system property
 * {@code oneshot.shared} or the environment variable {@code ONESHOT_SHARED}. The project never copies them.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String prop = System.getProperty("oneshot.shared");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("ONESHOT_SHARED");
        }
        if (prop == null || prop.isBlank()) {
            return ProjectRoot.get().resolve("../shared").normalize();
        }
        return Paths.get(prop).toAbsolutePath().normalize();
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** A shared path that must exist, with an error that says how to point the project at it. */
    public static Path require(String relative) {
        Path p = resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("Missing shared input " + p
                    + " (set -Doneshot.shared=DIR or ONESHOT_SHARED to the folder holding weights/, data/, golden/)");
        }
        return p;
    }

    public static Path kerasOpenFaceWeights() { return resolve("weights/keras-openface"); }
    public static Path mtcnnWeights() { return resolve("weights/mtcnn"); }
    public static Path lfw() { return resolve("data/lfw"); }
    public static Path golden(String name) { return resolve("golden/" + name); }
}
