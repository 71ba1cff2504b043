package oneshot.embed;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import oneshot.image.RgbImage;

/**
 * The one stand-in for alignment, for an image that reaches a network without being aligned to its input size (Embed and
 * Train given a folder that Align did not write): the central square whose side is 110/250 of the shorter side, resized
 * bilinearly to the input size. On LFW's 250x250 deep-funneled images that is rows and columns 70-179, the crop of
 * {@code golden/nn4} (where those images hold the face); on other framings it is only a guess, and it is never OpenFace's
 * 3-point alignment: callers announce it ({@link #RULE}) and align first for faithful embeddings.
 */
public final class UnalignedFace {
    /** How such inputs are prepared, for reports and warnings. */
    public static final String RULE = "center-crop-110of250-bilinear";

    private UnalignedFace() {}

    /** True when {@code image} is already {@code size} x {@code size} (taken as an aligned face, as is). */
    public static boolean isAligned(RgbImage image, int size) {
        return image.width() == size && image.height() == size;
    }

    /** The image itself when it is {@code size} x {@code size}, else its central 110/250 square resized to that size. */
    public static RgbImage toInputSize(RgbImage image, int size) {
        if (isAligned(image, size)) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        int side = Math.max(1, (int) Math.round(Math.min(w, h) * 110.0 / 250.0));
        int x0 = (w - side) / 2;
        int y0 = (h - side) / 2;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image.toBufferedImage(), 0, 0, size, size, x0, y0, x0 + side, y0 + side, null);
        } finally {
            g.dispose();
        }
        return RgbImage.of(out);
    }
}
