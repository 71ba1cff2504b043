package oneshot.gallery;

import java.util.ServiceLoader;

/**
 * Makes the {@link FaceEncoder} the CLI uses. Implementations register in
 * {@code META-INF/services/oneshot.gallery.FaceEncoderProvider}; the lead's pipeline provides one.
 */
public interface FaceEncoderProvider {
    /** @param model a params file or model name in weights/, or null for the best model found */
    FaceEncoder open(String model);

    /** The first registered provider's encoder, or a clear error saying that this build has no face pipeline. */
    static FaceEncoder load(String model) {
        for (FaceEncoderProvider p : ServiceLoader.load(FaceEncoderProvider.class)) {
            return p.open(model);
        }
        throw new GalleryException("No face encoder is available in this build: no "
                + FaceEncoderProvider.class.getName() + " is registered under META-INF/services"
                + " (the detection + alignment + embedding pipeline provides it).");
    }
}
