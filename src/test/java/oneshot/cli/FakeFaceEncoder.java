package oneshot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceEncoder;

/** Test double for the face pipeline: returns the faces registered for an image's file name. */
final class FakeFaceEncoder implements FaceEncoder {
    private final String modelId;
    private final Map<String, List<EncodedFace>> faces = new HashMap<>();
    int closed;

    FakeFaceEncoder(String modelId) {
        this.modelId = modelId;
    }

    FakeFaceEncoder with(String fileName, EncodedFace... found) {
        faces.put(fileName, List.of(found));
        return this;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public List<EncodedFace> encode(Path image) throws IOException {
        List<EncodedFace> found = faces.get(image.getFileName().toString());
        if (found == null) {
            throw new IOException("unsupported image format");
        }
        return found;
    }

    @Override
    public void close() {
        closed++;
    }
}
