package oneshot.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Image in, one stored embedding out: checks the model first, encodes, picks the face, hashes the source, stores. */
public final class Enroller {
    private final GalleryStore store;
    private final FaceEncoder encoder;

    public Enroller(GalleryStore store, FaceEncoder encoder) {
        this.store = store;
        this.encoder = encoder;
    }

    public Enrolment enroll(String name, Path image, FaceSelection selection) {
        store.requireModel(encoder.modelId()); // before the costly encoding
        EncodedFace face = selection.pick(encode(encoder, image), image);
        try {
            return store.enroll(name, face.embedding(), encoder.modelId(), Sha256.of(image), face.box());
        } catch (IOException e) {
            throw new GalleryException("Cannot read image " + image + ": " + e.getMessage(), e);
        }
    }

    /** Every face in the image, with the file named in any error. */
    public static List<EncodedFace> encode(FaceEncoder encoder, Path image) {
        if (!Files.isRegularFile(image)) {
            throw new GalleryException("No such image file: " + image);
        }
        try {
            return encoder.encode(image);
        } catch (IOException e) {
            throw new GalleryException("Cannot read image " + image + ": " + e.getMessage(), e);
        }
    }
}
