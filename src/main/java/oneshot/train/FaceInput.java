package oneshot.train;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import oneshot.embed.FaceTensor;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * Turns a dataset image into the network's 3x96x96 input.
 *
 * <p>96x96 images are taken as already aligned faces (what the Align job writes). Any other size is a stand-in for
 * alignment: the central 44 % square (rows/columns 70-179 of a 250x250 LFW image, the crop golden/nn4 uses) resized
 * bilinearly to 96x96. That crop is NOT OpenFace's 3-point alignment and costs accuracy; reports say which was used.
 */
public final class FaceInput {
    public static final String ALIGNED = "aligned-96";
    public static final String CENTER_CROP = "center-crop-110of250-bilinear-96 (no alignment)";

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
        RgbImage img = decode(file);
        boolean aligned = img.width() == FaceTensor.SIZE && img.height() == FaceTensor.SIZE;
        FaceTensor.write(aligned ? img : RgbImage.of(toFace(img.toBufferedImage())), dst, offset);
    }

    static BufferedImage toFace(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (w == FaceTensor.SIZE && h == FaceTensor.SIZE) {
            return img;
        }
        int side = (int) Math.round(Math.min(w, h) * 110.0 / 250.0);
        int x0 = (w - side) / 2;
        int y0 = (h - side) / 2;
        BufferedImage out = new BufferedImage(FaceTensor.SIZE, FaceTensor.SIZE, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, FaceTensor.SIZE, FaceTensor.SIZE, x0, y0, x0 + side, y0 + side, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
