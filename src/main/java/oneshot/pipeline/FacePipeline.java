package oneshot.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import oneshot.align.AffineTransform;
import oneshot.align.FaceBox;
import oneshot.align.FaceLandmarks;
import oneshot.align.OpenFaceAligner;
import oneshot.align.OpenFaceTemplate;
import oneshot.align.ShapePredictor;
import oneshot.align.ShapePredictorReader;
import oneshot.detect.DetectedFace;
import oneshot.detect.DetectionCopy;
import oneshot.detect.DlibBoxMap;
import oneshot.detect.FaceFinder;
import oneshot.detect.FaceRecheck;
import oneshot.detect.MtcnnDetector;
import oneshot.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded image to aligned faces: MTCNN detection, the box mapped to dlib's convention, dlib's 68 landmarks, OpenFace's
 * 3-point affine warp to 96x96 ({@link AlignmentKind#DLIB_3POINT}); when dlib's model file is absent, a similarity from
 * MTCNN's 5 points instead ({@link AlignmentKind#MTCNN_5POINT_FALLBACK}), which callers must report.
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
    private final FaceFinder finder;
    private final DlibBoxMap boxMap;
    private final ShapePredictor predictor;
    private final FivePointAligner fallback;
    private final OpenFaceTemplate template;
    private final int size;

    /**
     * @param predictor dlib's landmark model, or {@code null} for the 5-point fallback
     */
    public FacePipeline(MtcnnDetector detector, ShapePredictor predictor) {
        this(detector, DlibBoxMap.fitted(), predictor, OpenFaceTemplate.OUTER_EYES_AND_NOSE, OpenFaceAligner.DEFAULT_SIZE);
    }

    public FacePipeline(MtcnnDetector detector, DlibBoxMap boxMap, ShapePredictor predictor, OpenFaceTemplate template,
                        int size) {
        this.detector = detector;
        this.finder = new FaceFinder(detector, DetectionCopy.configuredMaxSide(), PAD_RETRY, FaceRecheck.configured());
        this.boxMap = boxMap;
        this.predictor = predictor;
        this.template = template;
        this.size = size;
        this.fallback = new FivePointAligner(FivePointAligner.TEMPLATE_96, size);
    }

    /**
     * MTCNN from {@code ../shared/weights/mtcnn} and dlib's model from {@link ShapePredictorReader#defaultPath()} when
     * that file exists; otherwise the fallback, with a warning.
     */
    public static FacePipeline load() throws IOException {
        ShapePredictor sp = null;
        if (Files.isRegularFile(ShapePredictorReader.defaultPath())) {
            sp = ShapePredictorReader.read(ShapePredictorReader.defaultPath());
        } else {
            LOG.warn("dlib shape predictor not found at {}: aligning with the lower-fidelity MTCNN 5-point fallback "
                    + "(install libdlib-data or set -Doneshot.dlib.shapePredictor=FILE)", ShapePredictorReader.defaultPath());
        }
        return new FacePipeline(MtcnnDetector.load(), sp);
    }

    /** The alignment every face from this pipeline gets. */
    public AlignmentKind alignment() {
        return predictor == null ? AlignmentKind.MTCNN_5POINT_FALLBACK : AlignmentKind.DLIB_3POINT;
    }

    public MtcnnDetector detector() {
        return detector;
    }

    /**
     * Every face in the image, detected, landmarked and aligned; best detection score first. Detection runs on a copy of
     * at most {@link DetectionCopy#DEFAULT_MAX_SIDE} pixels a side; landmarks and crops come from the full image.
     */
    public List<PipelineFace> process(RgbImage image) {
        List<PipelineFace> out = new ArrayList<>();
        for (DetectedFace d : finder.find(image)) {
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
        var aligned = OpenFaceAligner.alignLandmarks(image, lm, template, size);
        return new PipelineFace(d, box, lm, aligned.transform(), aligned.crop(), AlignmentKind.DLIB_3POINT);
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
