package oneshot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import oneshot.OneShotException.GalleryFileException;
import oneshot.OneShotException.ImageException;
import oneshot.OneShotException.ModelException;
import oneshot.OneShotException.NoFaceException;
import oneshot.OneShotException.SeveralFacesException;
import oneshot.eval.Distance;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceEncoderProvider;
import oneshot.gallery.FaceSelection;
import oneshot.gallery.GalleryLocation;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.ModelDescription;
import oneshot.gallery.Threshold;
import oneshot.gallery.Vectors;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.io.AtomicFiles;

/**
 * The front door of OneShot: find faces, compare them, and keep a gallery of people enrolled from one image each.
 *
 * <pre>{@code
 * try (OneShot oneShot = OneShot.open()) {                 // default model; OneShot.open(options) picks model, threshold
 *     List<Face> faces = oneShot.faces(image);             // Path, BufferedImage or byte[]: box, score, landmarks, crop, embedding
 *     Comparison c = oneShot.compare(imageA, imageB);      // distance, threshold, its origin, same()
 *     try (Gallery gallery = oneShot.gallery(Path.of("gallery.db"))) {
 *         gallery.enroll("penny", image);
 *         List<Identification> who = gallery.identify(image);   // per face: name or unknown, distance, candidates
 *     }
 * }
 * }</pre>
 *
 * <p>Built on the model-agnostic {@link FaceEncoder} (detection, the model's alignment, embedding): the model is chosen by
 * name in {@link OneShotOptions#model}. Images go through the one {@link ImageDecoder} (any colour model, EXIF
 * orientation). One instance serves many threads: opening takes seconds (models), each call is independent. Errors are
 * {@link OneShotException}s naming the input. Closing releases the model; galleries opened from it must be closed first.
 */
public final class OneShot implements AutoCloseable {
    private final FaceEncoder encoder;
    private final String modelId;
    private final Threshold threshold;
    private final int candidates;
    private final boolean uniqueNames;
    private final int searchThreads;
    private final ImageDecoder decoder;
    private final oneshot.gallery.IndexKind index;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OneShot(FaceEncoder encoder, OneShotOptions o) {
        this.encoder = encoder;
        try {
            this.modelId = modelIdOf(encoder);
            this.threshold = Threshold.resolve(o.threshold(), o.calibration(), modelId);
        } catch (oneshot.gallery.GalleryException e) {
            throw new ModelException(e.getMessage(), e);
        }
        this.candidates = o.candidates();
        this.uniqueNames = o.uniqueNames();
        this.searchThreads = o.searchThreads();
        this.decoder = o.maxPixels() == null ? new ImageDecoder() : new ImageDecoder(o.maxPixels());
        this.index = o.index();
    }

    /** The default model (trained, else complete import, else partial import, announced as untrained) and defaults. */
    public static OneShot open() {
        return open(new OneShotOptions());
    }

    /** Opens the model and settings the options name. */
    public static OneShot open(OneShotOptions options) {
        FaceEncoder encoder = options.encoder();
        if (encoder == null) {
            try {
                encoder = FaceEncoderProvider.load(options.model());
            } catch (RuntimeException e) {
                throw new ModelException("Cannot open model " + (options.model() == null ? "(default)" : "'"
                        + options.model() + "'") + ": " + e.getMessage(), e);
            }
        }
        try {
            return new OneShot(encoder, options);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** The encoder's model id; refused when it has none, since a gallery must know which model made its vectors. */
    private static String modelIdOf(FaceEncoder encoder) {
        String id = encoder.modelId();
        if (id == null || id.isBlank()) {
            throw new ModelException("The face encoder's model has no model id, so its embeddings cannot be bound to a"
                    + " gallery or a calibration: load the model from a saved .params with its manifest (weights/)", null);
        }
        return id;
    }

    /** The id of the model's weights; galleries and calibrations are bound to it. */
    public String modelId() {
        return modelId;
    }

    /** What the model is: id, architecture, input size, alignment, distance, whether it is fully trained. */
    public ModelDescription model() {
        return encoder.description();
    }

    /** The largest image (width x height) this instance decodes from bytes; larger ones are refused from the header. */
    public long maxPixels() {
        return decoder.maxPixels();
    }

    /** The threshold {@link #compare} and galleries apply, and where it came from. */
    public Threshold threshold() {
        return threshold;
    }

    /** Every face in the image file, best detection first; empty when there is none. */
    public List<Face> faces(Path image) {
        return faces(Input.of(image));
    }

    /** Every face in the image, best detection first; empty when there is none. */
    public List<Face> faces(BufferedImage image) {
        return faces(Input.of(image));
    }

    /** Every face in the encoded image (JPEG, PNG, PNM, ... as read from a file or a request), best detection first. */
    public List<Face> faces(byte[] image) {
        return faces(input(image));
    }

    /** The largest face of the encoded image; {@link NoFaceException} when there is none. */
    public Face largestFace(byte[] image) {
        return largest(input(image));
    }

    /**
     * The face an enrolment photo is of: its only face, or the one at least {@link FaceSelection#DOMINANT_AREA_RATIO}
     * times the area of every other (a bystander, a poster behind the sitter); {@link NoFaceException} when there is
     * none, {@link SeveralFacesException} (faces listed) when no face dominates.
     */
    public Face dominantFace(byte[] image) {
        List<Face> faces = faces(image);
        if (faces.size() <= 1) {
            return onlyFace(faces, "the image");
        }
        int i = FaceSelection.dominant(faces.stream().map(Face::box).toList());
        return i >= 0 ? faces.get(i) : onlyFace(faces, "the image");
    }

    /** The encoded image's faces with its upright size (for drawing or reporting boxes). */
    public Photo photo(byte[] image) {
        Input in = input(image);
        return new Photo(in.image().width(), in.image().height(), faces(in));
    }

    /** Where the encoded image's faces are, with its upright size; no embedding is computed (detection only). */
    public Located locate(byte[] image) {
        requireOpen();
        Input in = input(image);
        List<FaceLocation> out = new ArrayList<>();
        for (EncodedFace f : encoder.locate(in.image())) {
            out.add(new FaceLocation(f.box(), f.score(), f.landmarks()));
        }
        return new Located(in.image().width(), in.image().height(), out);
    }

    /** Compares the largest face of each image file. */
    public Comparison compare(Path a, Path b) {
        return compare(largest(Input.of(a)), largest(Input.of(b)));
    }

    /** Compares the largest face of each image. */
    public Comparison compare(BufferedImage a, BufferedImage b) {
        return compare(largest(Input.of(a)), largest(Input.of(b)));
    }

    /** Compares the largest face of each encoded image. */
    public Comparison compare(byte[] a, byte[] b) {
        return compare(largest(input(a)), largest(input(b)));
    }

    /** Compares two faces found by this model. */
    public Comparison compare(Face a, Face b) {
        requireModel(a);
        requireModel(b);
        return Comparison.of(distance(a.embedding(), b.embedding()), threshold);
    }

    /** Opens the gallery file, creating it when it does not exist. */
    public Gallery gallery(Path file) {
        return gallery(GalleryLocation.of(file), true);
    }

    /**
     * Opens the gallery at a file path or a PostgreSQL JDBC URL ({@code jdbc:postgresql://HOST:PORT/DB}, a gallery several
     * servers share), creating it when there is none (in an empty schema); a schema of another application is refused.
     */
    public Gallery gallery(String fileOrJdbcUrl) {
        return gallery(location(fileOrJdbcUrl), true);
    }

    /** Opens an existing gallery file; refuses a missing one (so a typo does not start an empty gallery). */
    public Gallery existingGallery(Path file) {
        return gallery(GalleryLocation.of(file), false);
    }

    /** Opens an existing gallery at a file path or a PostgreSQL JDBC URL; refuses a missing one. */
    public Gallery existingGallery(String fileOrJdbcUrl) {
        return gallery(location(fileOrJdbcUrl), false);
    }

    private static GalleryLocation location(String fileOrJdbcUrl) {
        try {
            return GalleryLocation.parse(fileOrJdbcUrl);
        } catch (oneshot.gallery.GalleryException e) {
            throw new GalleryFileException(e.getMessage(), e);
        }
    }

    private Gallery gallery(GalleryLocation location, boolean create) {
        requireOpen();
        try {
            return new Gallery(this, GalleryStore.open(location, create));
        } catch (oneshot.gallery.GalleryException e) {
            throw GalleryFileException.of(e);
        }
    }

    /**
     * The model a gallery file was built with, without opening it for use (so also for a gallery of another model,
     * which {@link #gallery} refuses); empty while nobody has been enrolled in it.
     */
    public static Optional<String> galleryModel(Path file) {
        try (GalleryStore store = GalleryStore.openExisting(file)) {
            return store.modelId();
        } catch (oneshot.gallery.GalleryException e) {
            throw GalleryFileException.of(e);
        }
    }

    /** The only face of the image; a clear error when there is none or several (enrolment needs to know whom). */
    static Face onlyFace(List<Face> faces, String image) {
        if (faces.isEmpty()) {
            throw new NoFaceException("No face found in " + image + ". Use a photo where the face is clearly visible and"
                    + " not too small.");
        }
        if (faces.size() > 1) {
            StringBuilder sb = new StringBuilder(image + " has " + faces.size() + " faces; pick one of OneShot.faces():");
            for (int i = 0; i < faces.size(); i++) {
                sb.append(String.format(Locale.ROOT, "%n  face %d: box %s, detector score %.2f", i + 1, faces.get(i).box(),
                        faces.get(i).score()));
            }
            throw new SeveralFacesException(sb.toString());
        }
        return faces.get(0);
    }

    /** Squared L2 of the unit embeddings: the one distance Evaluate calibrates ({@link Distance#SQUARED_L2}). */
    static double distance(float[] a, float[] b) {
        return Distance.SQUARED_L2.between(Vectors.normalized(a), Vectors.normalized(b));
    }

    void requireModel(Face f) {
        if (!modelId.equals(f.modelId())) {
            throw new ModelException("This face was embedded by model '" + f.modelId() + "', this OneShot uses '" + modelId
                    + "': embeddings of different models cannot be compared", null);
        }
    }

    int candidates() {
        return candidates;
    }

    boolean uniqueNames() {
        return uniqueNames;
    }

    int searchThreads() {
        return searchThreads;
    }

    oneshot.gallery.IndexKind index() {
        return index;
    }

    Face largest(Input in) {
        List<Face> faces = faces(in);
        if (faces.isEmpty()) {
            throw new NoFaceException("No face found in " + in.name() + ".");
        }
        return faces.get(FaceSelection.LARGEST.index(faces.stream().map(Face::box).toList(),
                faces.stream().map(Face::score).toList(), Path.of(in.name())));
    }

    List<Face> faces(Input in) {
        requireOpen();
        List<EncodedFace> found;
        try {
            found = in.file() != null ? encoder.encode(in.file()) : encoder.encode(in.image());
        } catch (IOException e) {
            throw new ImageException("Cannot read image " + in.name() + ": "
                    + (in.file() != null ? oneshot.io.InputFiles.reason(e, in.file()) : e.getMessage()), e);
        }
        String sha = in.sha256();
        List<Face> out = new ArrayList<>(found.size());
        for (EncodedFace f : found) {
            out.add(new Face(f.box(), f.score(), f.landmarks(), f.crop() == null ? null : f.crop().toBufferedImage(),
                    Vectors.normalized(f.embedding()), f.alignment(), modelId, sha));
        }
        return out;
    }

    Input input(byte[] bytes) {
        Path name = Path.of("(image bytes)");
        try {
            return new Input(null, decoder.decode(bytes, name), name.toString(), AtomicFiles.sha256(bytes));
        } catch (ImageDecodeException e) {
            throw new ImageException(e.getMessage(), e);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this OneShot is closed");
        }
    }

    /** Releases the model (and the encoder given in the options). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            encoder.close();
        }
    }

    /** An image as the encoder takes it: a file (decoded by the encoder's ImageDecoder) or decoded pixels. */
    record Input(Path file, RgbImage image, String name, String sha256) {
        static Input of(Path file) {
            String why = oneshot.io.InputFiles.whyNotAFile(file);
            if (why != null) { // a folder, a dangling link or a link loop is named as such, not as missing
                throw new ImageException(Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        ? "Cannot read image " + file + ": it " + why : "No such image file: " + file, null);
            }
            try {
                return new Input(file, null, file.toString(), AtomicFiles.sha256(file));
            } catch (IOException e) {
                throw new ImageException("Cannot read image " + file + ": " + oneshot.io.InputFiles.reason(e, file), e);
            }
        }

        static Input of(BufferedImage image) {
            RgbImage rgb = RgbImage.of(image);
            byte[] sizeAndPixels = ByteBuffer.allocate(8 + rgb.rgb().length).putInt(rgb.width()).putInt(rgb.height())
                    .put(rgb.rgb()).array();
            return new Input(null, rgb, "(BufferedImage " + rgb.width() + "x" + rgb.height() + ")",
                    AtomicFiles.sha256(sizeAndPixels));
        }
    }
}
