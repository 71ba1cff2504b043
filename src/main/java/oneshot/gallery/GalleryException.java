package oneshot.gallery;

/**
 * The gallery refused an operation or failed; the message names the file and says what to do. Its {@link Kind} says
 * whether the thing named does not exist, clashes with what is stored, or neither, so callers (the facade, the HTTP
 * server) can react without reading the message.
 */
public class GalleryException extends RuntimeException {
    /** What kind of refusal this is. */
    public enum Kind {
        /** The person or face named is not in the gallery. */
        NOT_FOUND,
        /** It clashes with what is stored: the name exists, the face is already enrolled, the gallery has another model. */
        CONFLICT,
        /** Anything else: a damaged or locked file, an I/O error. */
        OTHER
    }

    private final Kind kind;

    public GalleryException(String message) {
        this(Kind.OTHER, message, null);
    }

    public GalleryException(String message, Throwable cause) {
        this(Kind.OTHER, message, cause);
    }

    public GalleryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    static GalleryException notFound(String message) {
        return new GalleryException(Kind.NOT_FOUND, message, null);
    }

    static GalleryException conflict(String message) {
        return new GalleryException(Kind.CONFLICT, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
