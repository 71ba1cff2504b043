package oneshot.image;

import java.nio.file.Path;

/** A file that cannot become an {@link RgbImage}: the message names the file and what is wrong with it. */
public class ImageDecodeException extends Exception {
    private final Path file;

    public ImageDecodeException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public ImageDecodeException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : ""), cause);
        this.file = file;
    }

    /** The file that failed. */
    public Path file() {
        return file;
    }
}
