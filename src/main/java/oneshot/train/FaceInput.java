package oneshot.train;

import java.io.IOException;
import java.nio.file.Path;
import oneshot.embed.FaceTensor;
import oneshot.embed.UnalignedFace;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * Turns a dataset image into the network's 3x96x96 input.
 *
 * <p>96x96 images are taken as already aligned faces (what the Align job writes). Any other size gets the one stand-in
 * for alignment that Embed uses too ({@link UnalignedFace}: the central 110/250 square, rows/columns 70-179 of a 250x250
 * LFW image, the crop golden/nn4 uses, resized bilinearly). It is NOT OpenFace's 3-point alignment and costs accuracy;
 * reports say which was used.
 */
public final class FaceInput {
    public static final String ALIGNED = "aligned-96";
    public static final String CENTER_CROP = UnalignedFace.RULE + "-96 (no alignment)";

    private FaceInput() {}

    /** How an image of this size is prepared, for reports. */
    public static String mode(int width, int height) {
        return width == FaceTensor.SIZE && height == FaceTensor.SIZE ? ALIGNED : CENTER_CROP;
    }

    private static final ImageDecoder DECODER = new ImageDecoder();

    /** The image through the one decoder every input takes (any colour model, EXIF orientation, PNM). */
    public static RgbImage decode(Path file) throws IOException {
        try {
            return DECODER.decode(file);
        } catch (ImageDecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Writes the CHW float input of {@code file} into {@code dst} at {@code offset}. */
    public static void load(Path file, float[] dst, int offset) throws IOException {
        FaceTensor.write(UnalignedFace.toInputSize(decode(file), FaceTensor.SIZE), dst, offset);
    }
}
