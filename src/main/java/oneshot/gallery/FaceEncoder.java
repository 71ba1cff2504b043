package oneshot.gallery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import oneshot.image.RgbImage;

/**
 * The face side the gallery needs: an image file in, every face with its embedding out.
 *
 * <p>The gallery commands are written against this so they do not depend on how detection, alignment and embedding are done;
 * the pipeline supplies an implementation (found by {@link java.util.ServiceLoader} through {@link FaceEncoderProvider}).
 */
public interface FaceEncoder extends AutoCloseable {
    /** Identifies the weights that produce the embeddings; a gallery only ever compares vectors of one model id. */
    String modelId();

    /** Every face in the image, in the detector's order; empty when there is none. */
    List<EncodedFace> encode(Path image) throws IOException;

    /**
     * Every face of an image already decoded (from memory: a BufferedImage or bytes run through
     * {@link oneshot.image.ImageDecoder}). Encoders that can only read files, such as test doubles keyed on file names,
     * keep this default, which refuses.
     */
    default List<EncodedFace> encode(RgbImage image) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " encodes image files only");
    }

    /**
     * Every face of a decoded image with box, score and landmarks but no embedding (null): for callers that only ask
     * where the faces are. Encoders that cannot skip the embedding keep this default, which embeds anyway.
     */
    default List<EncodedFace> locate(RgbImage image) {
        return encode(image);
    }

    /** What the model is; encoders that know only their id (test doubles) keep this default. */
    default ModelDescription description() {
        return new ModelDescription(modelId(), "unknown", 0, "unknown", "squared-l2-unit", true);
    }

    @Override
    default void close() {}
}
