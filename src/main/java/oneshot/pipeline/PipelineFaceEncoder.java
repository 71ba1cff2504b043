package oneshot.pipeline;

import oneshot.detect.DetectedFace;
import oneshot.embed.FaceEmbedder;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.FaceEncoder;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Image file to every face with its embedding: decode, MTCNN, dlib landmarks, OpenFace warp, nn4.small2.
 * The encoder the gallery commands (Enroll, Identify, Verify) use.
 */
public final class PipelineFaceEncoder implements FaceEncoder {
    private final FacePipeline pipeline;
    private final FaceModel model;
    private final FaceEmbedder embedder;
    private final ImageDecoder decoder = new ImageDecoder();

    public PipelineFaceEncoder(FacePipeline pipeline, FaceModel model) {
        this.pipeline = pipeline;
        this.model = model;
        this.embedder = new FaceEmbedder(model, 16);
    }

    /** The default pipeline with the best model in weights/ (trained, else complete import, else partial import). */
    public static PipelineFaceEncoder openDefault() throws IOException {
        return open(null);
    }

    /** The default pipeline and the named model (a params file or a name in weights/; null: the best model there). */
    public static PipelineFaceEncoder open(String modelName) throws IOException {
        FaceModel m = ModelStore.loadDefault(modelName).forInference();
        m.warnIfUntrained("Recognition");
        try {
            // the model decides its alignment: nn4.small2 reads OpenFace's 96x96 crop, dlib's ResNet its 150x150 chip
            return new PipelineFaceEncoder(FacePipeline.load(AlignmentKind.fromLabel(m.alignment())), m);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public oneshot.gallery.ModelDescription description() {
        return new oneshot.gallery.ModelDescription(model.modelId(), model.manifest().architecture, model.inputSize(),
                model.alignment(), model.distance(), model.isFullyTrained());
    }

    @Override
    public List<EncodedFace> encode(Path image) throws IOException {
        RgbImage img;
        try {
            img = decoder.decode(image);
        } catch (ImageDecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
        return encode(img);
    }

    @Override
    public List<EncodedFace> encode(RgbImage img) {
        List<PipelineFace> faces = pipeline.process(img);
        List<RgbImage> crops = new ArrayList<>();
        for (PipelineFace f : faces) {
            crops.add(f.aligned());
        }
        float[][] v = embedder.embed(crops);
        List<EncodedFace> out = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            PipelineFace f = faces.get(i);
            out.add(new EncodedFace(boxOf(f.detection()), f.detection().score(), v[i], f.alignment().toString(),
                    landmarksOf(f), f.aligned()));
        }
        return out;
    }

    /** The detector's box in the one convention: inclusive corners, so width = right - left + 1 ({@link DetectedFace#width()}). */
    static FaceBox boxOf(DetectedFace d) {
        return new FaceBox(d.left(), d.top(), d.width(), d.height());
    }

    /** The points the crop was aligned on: dlib's 68 landmarks, or MTCNN's 5 under the fallback; interleaved x, y. */
    static double[] landmarksOf(PipelineFace f) {
        if (!f.hasLandmarks()) {
            return f.detection().points().clone();
        }
        double[] xy = new double[2 * f.landmarks().size()];
        for (int i = 0; i < f.landmarks().size(); i++) {
            xy[2 * i] = f.landmarks().x(i);
            xy[2 * i + 1] = f.landmarks().y(i);
        }
        return xy;
    }

    @Override
    public void close() {
        pipeline.close();
        model.close();
    }
}
