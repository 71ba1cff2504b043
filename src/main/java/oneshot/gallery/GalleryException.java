package oneshot.gallery;

/** A gallery operation refused or failed; the message names the file or input and says what to do. */
public class GalleryException extends RuntimeException {
    public GalleryException(String message) {
        super(message);
    }

    public GalleryException(String message, Throwable cause) {
        super(message, cause);
    }
}
