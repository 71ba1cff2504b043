package oneshot.image;

import java.nio.file.Path;

/**
 * An image refused for its size, told from the header or the file size before any pixel is decoded (a pixel bomb
 * costs nothing). Callers that set the limit themselves (the HTTP server's {@code --max-pixels}) can word their own
 * message from {@link #pixels()} and {@link #limit()}.
 */
public final class ImageTooLargeException extends ImageDecodeException {
    private final long pixels;
    private final long limit;

    /** @param pixels width x height from the header, or 0 when the file size alone refused it */
    public ImageTooLargeException(Path file, String reason, long pixels, long limit) {
        super(file, reason);
        this.pixels = pixels;
        this.limit = limit;
    }

    /** Width x height the header claims; 0 when the file's size refused it before its header was read. */
    public long pixels() {
        return pixels;
    }

    /** The decoder's pixel limit. */
    public long limit() {
        return limit;
    }
}
