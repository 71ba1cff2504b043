package oneshot;

/**
 * Anything the {@link OneShot} facade refuses or cannot do; the message names the input (file, name, model) and says what
 * to do. Subclasses say which kind of problem it is, so an application can react: {@link ImageException} (the image cannot
 * be read), {@link NoFaceException} / {@link SeveralFacesException} (the image has not exactly the face that was needed),
 * {@link ModelException} (no usable model), {@link GalleryFileException} (the gallery file refused the operation).
 */
public class OneShotException extends RuntimeException {
    /** @param message what went wrong, naming the input */
    public OneShotException(String message) {
        super(message);
    }

    /** @param message what went wrong, naming the input; @param cause the underlying error */
    public OneShotException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An image that cannot be read or decoded (missing file, unknown format, truncated, too large). */
    public static final class ImageException extends OneShotException {
        /** @param message names the image and the reason; @param cause the decoder's error */
        public ImageException(String message, Throwable cause) {
            super(message, cause);
        }

        /** The size refusal when the image was refused for its size (header or file size), else null. */
        public oneshot.image.ImageTooLargeException tooLarge() {
            return getCause() instanceof oneshot.image.ImageTooLargeException t ? t : null;
        }
    }

    /** An image in which the detector found no face, where one was needed. */
    public static final class NoFaceException extends OneShotException {
        /** @param message names the image */
        public NoFaceException(String message) {
            super(message);
        }
    }

    /** An image with several faces where exactly one was needed (pick one from {@link OneShot#faces}). */
    public static final class SeveralFacesException extends OneShotException {
        /** @param message names the image and lists its faces */
        public SeveralFacesException(String message) {
            super(message);
        }
    }

    /** No model could be opened, or two things computed by different models were to be compared. */
    public static final class ModelException extends OneShotException {
        /** @param message names the model; @param cause the loader's error, or null */
        public ModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The gallery file refused the operation (unknown name, another model's vectors, a damaged file, ...). The two
     * subclasses say when it was an unknown person or face ({@link NotEnrolledException}) or a clash with what is stored
     * ({@link GalleryConflictException}).
     */
    public static class GalleryFileException extends OneShotException {
        /** @param message the gallery's explanation; @param cause the gallery's error */
        public GalleryFileException(String message, Throwable cause) {
            super(message, cause);
        }

        /** The facade's form of a gallery error, of the subclass its kind names. */
        static GalleryFileException of(oneshot.gallery.GalleryException e) {
            return switch (e.kind()) {
                case NOT_FOUND -> new NotEnrolledException(e.getMessage(), e);
                case CONFLICT -> new GalleryConflictException(e.getMessage(), e);
                case OTHER -> new GalleryFileException(e.getMessage(), e);
            };
        }
    }

    /** The person or face named is not in the gallery. */
    public static final class NotEnrolledException extends GalleryFileException {
        /** @param message names the person and the gallery; @param cause the gallery's error, or null */
        public NotEnrolledException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The operation clashes with what the gallery holds: the name exists already, the face is already enrolled, or the
     * gallery was built with another model (a gallery never mixes models).
     */
    public static final class GalleryConflictException extends GalleryFileException {
        /** @param message says what clashes and the way out; @param cause the gallery's error */
        public GalleryConflictException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
