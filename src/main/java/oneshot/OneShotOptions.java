package oneshot;

import java.nio.file.Path;
import oneshot.gallery.FaceEncoder;
import oneshot.image.ImageDecoder;
import oneshot.gallery.IndexKind;

/**
 * How {@link OneShot#open(OneShotOptions)} sets itself up: which model, which threshold, how identification behaves.
 * Every option has a default, so {@code new OneShotOptions()} is what {@link OneShot#open()} uses; system properties
 * ({@code -Doneshot.weights}, {@code -Doneshot.shared}, {@code -Doneshot.dlib.shapePredictor}) stay the defaults of the paths
 * the pipeline reads and are never required.
 *
 * <p>A plain mutable builder: set it up on one thread, then open; {@link OneShot} copies what it needs.
 */
public final class OneShotOptions {
    private String model;
    private FaceEncoder encoder;
    private Double threshold;
    private Path calibration;
    private int candidates = 3;
    private boolean uniqueNames = true;
    private int searchThreads = 1;
    private Long maxPixels;
    private IndexKind index = IndexKind.FLOAT32;

    /** The defaults: best model found, uncalibrated threshold (announced), 3 candidates, unique names, 1 search thread. */
    public OneShotOptions() {}

    /**
     * The model that embeds faces: a name in {@code weights/} (e.g. {@code nn4.small2.oneshot}, or another model's id such
     * as {@code dlib-resnet34} where the build has it) or a params file anywhere. Null (the default): the best model found.
     */
    public OneShotOptions model(String nameOrFile) {
        this.model = nameOrFile;
        return this;
    }

    /** Uses this encoder instead of opening a model (tests, custom pipelines); {@link OneShot#close()} closes it. */
    public OneShotOptions encoder(FaceEncoder encoder) {
        this.encoder = encoder;
        return this;
    }

    /** Accept "same person" when squared L2 {@code <= value} (overrides calibration); null: not given. */
    public OneShotOptions threshold(Double value) {
        this.threshold = value;
        return this;
    }

    /**
     * The {@code summary.json} of an {@code Evaluate} run on this model: its calibrated threshold is applied (checked
     * against the model id). Without it or {@link #threshold}, OpenFace's uncalibrated 0.99 is used and says so in its origin.
     */
    public OneShotOptions calibration(Path summaryJson) {
        this.calibration = summaryJson;
        return this;
    }

    /** How many nearest enrolled people each identification lists (at least 1; default 3). */
    public OneShotOptions candidates(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, got " + k);
        }
        this.candidates = k;
        return this;
    }

    /**
     * True (default): in one image an enrolled person is named at most once; faces are assigned by distance, nearest
     * pair first. False: every face gets its own nearest person, so two faces can get the same name.
     */
    public OneShotOptions uniqueNames(boolean unique) {
        this.uniqueNames = unique;
        return this;
    }

    /** Threads a gallery search may use (default 1: worth more only for galleries of 100,000 people and more). */
    public OneShotOptions searchThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("searchThreads must be at least 1, got " + threads);
        }
        this.searchThreads = threads;
        return this;
    }

    /**
     * The largest image (width x height) decoded from bytes or a BufferedImage; refused from the header, before any pixel
     * is decoded. Default: the {@link ImageDecoder}'s (system property {@code oneshot.image.maxPixels}, else 100 megapixels).
     */
    public OneShotOptions maxPixels(long pixels) {
        if (pixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + pixels);
        }
        this.maxPixels = pixels;
        return this;
    }

    /**
     * How a gallery searches (default {@link IndexKind#FLOAT32}, the exact float32 scan): {@code FLOAT16} or {@code INT8}
     * scan compact templates and re-rank the best candidates in float32 (same results, less memory read per probe);
     * {@code HNSW} searches Lucene's graph and follows enrolments in place (approximate; docs/scale-index.md).
     */
    public OneShotOptions index(IndexKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException("index kind must not be null");
        }
        this.index = kind;
        return this;
    }

    String model() { return model; }
    FaceEncoder encoder() { return encoder; }
    Double threshold() { return threshold; }
    Path calibration() { return calibration; }
    int candidates() { return candidates; }
    boolean uniqueNames() { return uniqueNames; }
    int searchThreads() { return searchThreads; }
    Long maxPixels() { return maxPixels; }
    IndexKind index() { return index; }
}
