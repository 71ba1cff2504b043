package oneshot.train;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a {@link Teacher} by the name given on the command line. */
@FunctionalInterface
public interface Teachers {
    Teacher open(String name) throws IOException;

    /** The teachers this build knows, with their weights in {@code weightsDir}. */
    static Teachers builtIn(Path weightsDir) {
        return name -> {
            if (DlibResNetTeacher.NAME.equals(name)) {
                return new DlibResNetTeacher(weightsDir);
            }
            throw new IllegalArgumentException("Unknown teacher '" + name + "' (known: " + DlibResNetTeacher.NAME + ")");
        };
    }
}
