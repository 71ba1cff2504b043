package oneshot.train;

import java.io.IOException;

/** Opens a {@link Teacher} by the name given on the command line. */
@FunctionalInterface
public interface Teachers {
    Teacher open(String name) throws IOException;

    /** The teachers this build knows. */
    Teachers BUILT_IN = name -> {
        throw new IllegalArgumentException("Unknown teacher '" + name + "' (none is built in yet)");
    };
}
