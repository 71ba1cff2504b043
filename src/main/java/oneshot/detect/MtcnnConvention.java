package oneshot.detect;

/**
 * How an image is fed to the MTCNN nets: channel order and whether the spatial axes are swapped.
 *
 * <p>The nets were trained in MATLAB (column-major), so the original pipeline hands them the image with x as the first
 * spatial axis ({@code transposed}); ports disagree on RGB versus BGR. {@link #ORIGINAL} is the one the evidence on real
 * photos picked (see {@code MtcnnConventionEvidenceTest} and docs/alignment.md); the others exist to keep that evidence.
 */
public record MtcnnConvention(boolean bgr, boolean transposed) {
    /** RGB, x-major: the MATLAB original and davidsandberg/facenet. */
    public static final MtcnnConvention ORIGINAL = new MtcnnConvention(false, true);

    public static MtcnnConvention[] all() {
        return new MtcnnConvention[] {
            new MtcnnConvention(false, true), new MtcnnConvention(true, true),
            new MtcnnConvention(false, false), new MtcnnConvention(true, false)
        };
    }

    @Override
    public String toString() {
        return (bgr ? "BGR" : "RGB") + (transposed ? "+transposed" : "+plain");
    }
}
