package oneshot.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import oneshot.align.AffineTransform;
import oneshot.align.AlignedFace;
import oneshot.align.FaceBox;
import oneshot.align.FaceLandmarks;
import oneshot.align.ShapePredictor;
import oneshot.align.ShapePredictorReader;
import oneshot.detect.DetectedFace;
import oneshot.detect.DlibBoxMap;
import oneshot.detect.MtcnnDetector;
import oneshot.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded image to aligned faces: MTCNN detection, the box mapped to dlib's convention, dlib's 68 landmarks, then the
 * {@link FaceAligner} the pipeline was built with: OpenFace's 3-point affine warp to 96x96
 * ({@link AlignmentKind#DLIB_3POINT}, the default) or dlib's 150x150 face chip ({@link AlignmentKind#DLIB_CHIP_150}).
 * When dlib's model file is absent, OpenFace crops come from a similarity on MTCNN's 5 points instead
 * ({@link AlignmentKind#MTCNN_5POINT_FALLBACK}, which callers must report); dlib chips cannot, and loading fails.
 *
 * <pre>{@code
 * try (FacePipeline pipeline = FacePipeline.load()) {           // MTCNN from ../shared, dlib model if installed
 *     RgbImage img = new ImageDecoder().decode(path);           // any colour model, EXIF orientation applied
 *     List<PipelineFace> faces = pipeline.process(img);         // every face, best detection score first
 *     Optional<PipelineFace> one = FacePipeline.largest(faces); // OpenFace's choice: the largest (dlib-box area)
 *     // or FaceChoice.CENTRAL.choose(faces, img.width(), img.height()) for centred datasets such as LFW
 *     one.ifPresent(f -> embed(f.aligned()));                   // 96x96 RGB crop, ready for nn4.small2
 * }
 * }</pre>
 *
 * <p>Thread-safe: one pipeline can serve several worker threads (start the JVM with
 * {@code -Dai.djl.pytorch.num_threads=1} when running more than one). Loading takes a few seconds (dlib's 100 MB model).
 * The crop is OpenFace's exact one given the landmarks; with MTCNN boxes instead of dlib's HOG boxes the landmarks differ
 * from OpenFace's by a few pixels (docs/alignment.md, "Detection").
 */
public final class FacePipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FacePipeline.class);

    /**
     * When nothing is found, detect again on the image with a black border of this fraction of its size: faces that fill
     * the frame (bbt's tight crops) are found then (3 of 40 bbt images need it), and other images cost nothing extra.
     */
    public static final double PAD_RETRY = 0.25;

    private final MtcnnDetector detector;
    private final DlibBoxMap boxMap;
    private final ShapePredictor predictor;
    private final FivePointAligner fallback;
    private final FaceAligner aligner;

    /**
     * OpenFace's 96x96 crops ({@link AlignmentKind#DLIB_3POINT}).
     *
     * @param predictor dlib's landmark model, or {@code null} for the 5-point fallback
     */
    public FacePipeline(MtcnnDetector detector, ShapePredictor predictor) {
        this(detector, DlibBoxMap.fitted(), predictor, FaceAligner.of(AlignmentKind.DLIB_3POINT));
    }

    /**
     * @param predictor dlib's landmark model, or {@code null} for the 5-point fallback (OpenFace crops only)
     * @throws IllegalArgumentException when {@code predictor} is null and the aligner needs dlib's landmarks
     */
    public FacePipeline(MtcnnDetector detector, DlibBoxMap boxMap, ShapePredictor predictor, FaceAligner aligner) {
        if (predictor == null && aligner.kind() != AlignmentKind.DLIB_3POINT) {
            throw new IllegalArgumentException(missingModelMessage(aligner.kind()));
        }
        this.detector = detector;
        this.boxMap = boxMap;
        this.predictor = predictor;
        this.aligner = aligner;
        this.fallback = new FivePointAligner(FivePointAligner.TEMPLATE_96, aligner.kind().size());
    }

    /** OpenFace's 96x96 crops: {@code load(AlignmentKind.DLIB_3POINT)}. */
    public static FacePipeline load() throws IOException {
        return load(AlignmentKind.DLIB_3POINT);
    }

    /**
     * MTCNN from {@code ../shared/weights/mtcnn} and dlib's model from {@link ShapePredictorReader#defaultPath()} when
     * that file exists; otherwise, for OpenFace crops, the fallback with a warning.
     *
     * @param alignment {@link AlignmentKind#DLIB_3POINT} or {@link AlignmentKind#DLIB_CHIP_150}
     * @throws IOException when dlib chips are asked for and dlib's model is absent (the fallback cannot make them)
     */
    public static FacePipeline load(AlignmentKind alignment) throws IOException {
        FaceAligner aligner = FaceAligner.of(alignment);
        ShapePredictor sp = null;
        if (Files.isRegularFile(ShapePredictorReader.defaultPath())) {
            sp = ShapePredictorReader.read(ShapePredictorReader.defaultPath());
        } else if (alignment != AlignmentKind.DLIB_3POINT) {
            throw new IOException(missingModelMessage(alignment));
        } else {
            LOG.warn("dlib shape predictor not found at {}: aligning with the lower-fidelity MTCNN 5-point fallback "
                    + "(install libdlib-data or set -Doneshot.dlib.shapePredictor=FILE)", ShapePredictorReader.defaultPath());
        }
        return new FacePipeline(MtcnnDetector.load(), DlibBoxMap.fitted(), sp, aligner);
    }

    private static String missingModelMessage(AlignmentKind kind) {
        return kind.label() + " alignment needs dlib's 68 landmarks, but dlib's shape predictor is absent at "
                + ShapePredictorReader.defaultPath() + "; the MTCNN 5-point fallback makes only " + AlignmentKind.DLIB_3POINT
                + "-style 96x96 crops, never dlib chips (install libdlib-data or set -Doneshot.dlib.shapePredictor=FILE)";
    }

    /** The alignment every face from this pipeline gets. */
    public AlignmentKind alignment() {
        return predictor == null ? AlignmentKind.MTCNN_5POINT_FALLBACK : aligner.kind();
    }

    public MtcnnDetector detector() {
        return detector;
    }

    /** Every face in the image, detected, landmarked and aligned; best detection score first. */
    public List<PipelineFace> process(RgbImage image) {
        List<PipelineFace> out = new ArrayList<>();
        for (DetectedFace d : detector.detectWithPadRetry(image, PAD_RETRY)) {
            out.add(align(image, d));
        }
        return out;
    }

    /** Landmarks and crop for one detected face. */
    public PipelineFace align(RgbImage image, DetectedFace d) {
        FaceBox box = boxMap.map(d);
        if (predictor == null) {
            AffineTransform h = fallback.transform(d);
            return new PipelineFace(d, box, null, h, fallback.align(image, h), AlignmentKind.MTCNN_5POINT_FALLBACK);
        }
        FaceLandmarks lm = predictor.predict(image, box);
        AlignedFace aligned = aligner.align(image, lm);
        return new PipelineFace(d, box, lm, aligned.transform(), aligned.crop(), aligner.kind());
    }

    /** Index of the largest face by dlib-box area (OpenFace's rule; ties: the first), or -1 when there is none. */
    public static int largestIndex(List<PipelineFace> faces) {
        return FaceChoice.LARGEST.choose(faces, 1, 1);
    }

    public static Optional<PipelineFace> largest(List<PipelineFace> faces) {
        int i = largestIndex(faces);
        return i < 0 ? Optional.empty() : Optional.of(faces.get(i));
    }

    @Override
    public void close() {
        detector.close();
    }
}
