package oneshot.net;

import java.nio.file.Path;

/** A weight file that cannot be used, with the file and the reason. */
public final class WeightFileException extends RuntimeException {
    private final transient Path file;

    public WeightFileException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public WeightFileException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
