package oneshot.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import oneshot.align.FaceLandmarks;
import oneshot.align.OpenFaceAligner;
import oneshot.align.OpenFaceTemplate;
import oneshot.data.IdentityFolder;
import oneshot.embed.FaceTensor;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * The rows the caches hold: every image of a dataset in its original form (variant 0) and in {@code variants}
 * augmented forms; row {@code v * N + i} is variant v of image i, in both the prefix cache and the teacher targets,
 * so one row index names the same face in both.
 *
 * <p>Variant 0 of the student is the dataset's own file, read as {@link FaceInput} reads it (the cache of an
 * unaugmented run is the cache it always was). Augmented variants, and every teacher chip, are re-made from the
 * original image and its 68 landmarks ({@link FaceSources}) with the variant's {@link Augmentation.Params}: the
 * landmarks move before both warps, and mirror and colour change both crops alike.
 */
public final class FaceVariants {
    private final IdentityFolder data;
    private final FaceSources sources;
    private final Augmentation augmentation;
    private final ImageDecoder decoder = new ImageDecoder();

    /** @param sources originals and landmarks; may be null only without augmentation and teacher */
    public FaceVariants(IdentityFolder data, FaceSources sources, Augmentation augmentation) {
        if (augmentation.variants() > 0 && sources == null) {
            throw new IllegalArgumentException("Augmentation re-warps the original images: it needs their landmarks"
                    + " (align.csv of " + data.root() + ")");
        }
        if (sources != null && sources.size() != data.size()) {
            throw new IllegalArgumentException(sources.size() + " face sources for " + data.size() + " images");
        }
        this.data = data;
        this.sources = sources;
        this.augmentation = augmentation;
    }

    /** The dataset's files as they are, no augmentation (what the prefix cache always held). */
    public static FaceVariants plain(IdentityFolder data) {
        return new FaceVariants(data, null, Augmentation.NONE);
    }

    /** The same images without augmentation: its rows are this one's variant-0 rows, in the same order. */
    public FaceVariants unaugmented() {
        return augmentation.variants() == 0 ? this : new FaceVariants(data, sources, Augmentation.NONE);
    }

    public IdentityFolder data() { return data; }

    public FaceSources sources() { return sources; }

    public Augmentation augmentation() { return augmentation; }

    public int images() { return data.size(); }

    /** Variants per image including the original. */
    public int variantsPerImage() { return augmentation.variants() + 1; }

    public int rows() { return images() * variantsPerImage(); }

    public int row(int image, int variant) {
        if (image < 0 || image >= images() || variant < 0 || variant >= variantsPerImage()) {
            throw new IllegalArgumentException("No row for image " + image + " variant " + variant);
        }
        return variant * images() + image;
    }

    public int image(int row) { return row % images(); }

    public int variant(int row) { return row / images(); }

    /**
     * What the student rows depend on besides the network: the image list (name and size) and, with augmentation, the
     * augmentation and each image's landmarks. Without augmentation the digest is the one the prefix cache always used.
     */
    public void digestStudent(MessageDigest md) throws IOException {
        if (augmentation.variants() > 0) {
            md.update(("augmentation=" + augmentation.key() + ";").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < images(); i++) {
            md.update((data.relativeName(i) + ":" + Files.size(data.image(i)) + "\n").getBytes(StandardCharsets.UTF_8));
            if (augmentation.variants() > 0) {
                digestSource(md, i);
            }
        }
    }

    /** What the teacher rows depend on besides the teacher: augmentation, and each image's original and landmarks. */
    public void digestTeacher(MessageDigest md) throws IOException {
        requireSources("teacher targets");
        md.update(("augmentation=" + augmentation.key() + ";").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < images(); i++) {
            md.update((data.relativeName(i) + "\n").getBytes(StandardCharsets.UTF_8));
            digestSource(md, i);
        }
    }

    private void digestSource(MessageDigest md, int i) throws IOException {
        md.update((sources.originalRoot().relativize(sources.original(i)) + ":" + Files.size(sources.original(i)) + ":"
                + sources.landmarks(i) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the student's 3x96x96 input of {@code row} into {@code dst} at {@code offset}. */
    public void studentInput(int row, float[] dst, int offset) throws IOException {
        int image = image(row);
        int variant = variant(row);
        if (variant == 0) {
            FaceInput.load(data.image(image), dst, offset);
            return;
        }
        Augmentation.Params p = augmentation.params(image, variant);
        RgbImage original = original(image);
        FaceLandmarks moved = p.move(sources.landmarks(image));
        RgbImage crop = OpenFaceAligner.alignLandmarks(original, moved, OpenFaceTemplate.OUTER_EYES_AND_NOSE,
                FaceTensor.SIZE).crop();
        FaceTensor.write(p.paint(crop), dst, offset);
    }

    /** The teacher's chip of {@code row}: its own warp of the (moved) landmarks, mirrored and coloured alike. */
    public RgbImage teacherChip(int row, Teacher teacher) throws IOException {
        requireSources("the teacher's chip");
        int image = image(row);
        Augmentation.Params p = augmentation.params(image, variant(row));
        RgbImage original = original(image);
        return p.paint(teacher.chip(original, p.move(sources.landmarks(image))));
    }

    private RgbImage original(int image) throws IOException {
        try {
            return decoder.decode(sources.original(image));
        } catch (oneshot.image.ImageDecodeException e) {
            throw new IOException("Cannot decode original image " + sources.original(image) + " of "
                    + data.relativeName(image) + ": " + e.getMessage(), e);
        }
    }

    private void requireSources(String what) {
        if (sources == null) {
            throw new IllegalStateException(what + " needs the original images and landmarks of " + data.root());
        }
    }
}
