package oneshot.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oneshot.io.AtomicFiles;
import oneshot.io.InputFiles;

/** Image in, one stored embedding out: checks the model first, encodes, picks the face, hashes the source, stores. */
public final class Enroller {
    private final GalleryStore store;
    private final FaceEncoder encoder;

    public Enroller(GalleryStore store, FaceEncoder encoder) {
        this.store = store;
        this.encoder = encoder;
    }

    public Enrolment enroll(String name, Path image, FaceSelection selection) {
        String model = modelId(encoder);
        store.requireModel(model); // before the costly encoding
        EncodedFace face = selection.pick(encode(encoder, image), image);
        try {
            return store.enroll(name, face.embedding(), model, AtomicFiles.sha256(image), face.box());
        } catch (IOException e) {
            throw new GalleryException("Cannot read image " + image + ": " + InputFiles.reason(e, image), e);
        }
    }

    /** The encoder's model id; refused when it has none, since a gallery must know which model made its vectors. */
    public static String modelId(FaceEncoder encoder) {
        String id = encoder.modelId();
        if (id == null || id.isBlank()) {
            throw new GalleryException("The face encoder's model has no model id, so its embeddings cannot be bound to a"
                    + " gallery or a calibration: load the model from a saved .params with its manifest (weights/)");
        }
        return id;
    }

    /** Every face in the image, with the file named in any error. */
    public static List<EncodedFace> encode(FaceEncoder encoder, Path image) {
        String why = InputFiles.whyNotAFile(image);
        if (why != null) {
            throw new GalleryException(Files.exists(image, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? "Cannot read image " + image + ": it " + why : "No such image file: " + image);
        }
        try {
            return encoder.encode(image);
        } catch (IOException e) {
            throw new GalleryException("Cannot read image " + image + ": " + InputFiles.reason(e, image), e);
        }
    }
}
