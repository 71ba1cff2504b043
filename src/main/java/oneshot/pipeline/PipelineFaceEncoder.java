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
        // a request's detection may use the core its embedding will use next (the workers are idle until then)
        pipeline.detector().lendLevelsTo(FaceEmbedder.idleInferenceThreads());
    }

    /** The default pipeline with the best model in weights/ (trained, else complete import, else partial import). */
    public static PipelineFaceEncoder openDefault() throws IOException {
        return open(null);
    }

    /** The default pipeline and the named model (a params file or a name in weights/; null: the best model there). */
    public static PipelineFaceEncoder open(String modelName) throws IOException {
        // Detection runs on the caller's thread (a server or folder worker): one Torch thread each, as the Align job's
        // workers. With the engine's 2 threads a one-face request took 54 instead of 42 ms (docs/server.md).
        oneshot.detect.EngineThreads.defaultToOne();
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
        List<PipelineFace> faces = align(img);
        List<RgbImage> crops = new ArrayList<>();
        for (PipelineFace f : faces) {
            crops.add(f.aligned());
        }
        float[][] v = embed(crops);
        List<EncodedFace> out = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            PipelineFace f = faces.get(i);
            out.add(new EncodedFace(boxOf(f.detection()), f.detection().score(), v[i], f.alignment().toString(),
                    landmarksOf(f), f.aligned()));
        }
        return out;
    }

    /** Detection, landmarks and crop of every face, without the embedding (half the work of {@link #encode}). */
    @Override
    public List<EncodedFace> locate(RgbImage img) {
        List<EncodedFace> out = new ArrayList<>();
        for (PipelineFace f : align(img)) {
            out.add(new EncodedFace(boxOf(f.detection()), f.detection().score(), null, f.alignment().toString(),
                    landmarksOf(f), f.aligned()));
        }
        return out;
    }

    /**
     * Every face of a decoded image, detected and aligned for this model but not embedded: for jobs that keep one face per
     * image ({@link FaceChoice}) and embed many images' crops in one batch ({@link #embed}).
     */
    public List<PipelineFace> align(RgbImage img) {
        return pipeline.process(img);
    }

    /** Unit vectors of crops made by {@link #align}, in batches: the embedder {@link #encode} uses. */
    public float[][] embed(List<RgbImage> crops) {
        return embedder.embed(crops);
    }

    /** The detector's box in the one convention: inclusive corners, so width = right - left + 1 ({@link DetectedFace#width()}). */
    public static FaceBox boxOf(DetectedFace d) {
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
