package oneshot.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import oneshot.align.DlibChip;
import oneshot.align.FaceLandmarks;
import oneshot.embed.FaceEmbedder;
import oneshot.image.RgbImage;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;
import oneshot.net.dlib.DlibImport;

/**
 * dlib's ResNet (dlib_face_recognition_resnet_model_v1 via face-api.js, {@code weights/dlib-resnet34}, imported from
 * ../shared on first use) as a teacher: dlib's own 150x150 descriptor chip from the 68 landmarks
 * ({@link DlibChip#descriptorChip}), embedded in inference mode and unit-normalised by {@link FaceEmbedder}. It was
 * never trained on LFW identities.
 */
public final class DlibResNetTeacher implements Teacher {
    public static final String NAME = "dlib-resnet";
    private static final int BATCH = 32;

    private final FaceModel model;
    private final FaceEmbedder embedder;
    private final String id;

    public DlibResNetTeacher(Path weightsDir) throws IOException {
        this.model = ModelStore.load(weightsDir, DlibImport.NAME, null);
        this.id = model.modelId() + "/" + DlibImport.ALIGNMENT;
        this.embedder = new FaceEmbedder(model.forInference(), BATCH);
    }

    @Override
    public String id() { return id; }

    @Override
    public int dimension() { return oneshot.net.dlib.FaceRecognitionNet.EMBEDDING_SIZE; }

    @Override
    public RgbImage chip(RgbImage original, FaceLandmarks landmarks68) {
        return DlibChip.descriptorChip(original, landmarks68).crop();
    }

    @Override
    public float[][] embed(List<RgbImage> chips) {
        return embedder.embed(chips);
    }

    @Override
    public void close() {
        model.close();
    }
}
