package oneshot.kernel;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Renders images and XChart charts as inline PNG (or JPEG on request, as IJava: {@code display(photo, "image/jpeg")},
 * far smaller for photographs in a committed notebook), with a short stable text form (no identity hash codes, so
 * re-running a notebook does not change its committed text outputs).
 */
public final class ImageRenderers {
    private ImageRenderers() {}

    public static void registerAll(Renderer renderer) {
        renderer.createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_JPEG)
                .register((image, ctx) -> encode(image, describe(image), ctx));
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_JPEG)
                .register((chart, ctx) -> encode(BitmapEncoder.getBufferedImage(chart),
                        chart.getClass().getSimpleName() + " \"" + chart.getTitle() + "\" "
                                + chart.getWidth() + "x" + chart.getHeight(), ctx));
    }

    private static String describe(BufferedImage image) {
        return "BufferedImage " + image.getWidth() + "x" + image.getHeight();
    }

    private static void encode(BufferedImage image, String text, RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> base64(image, "png"));
        ctx.renderIfRequested(MIMEType.IMAGE_JPEG, () -> base64(withoutAlpha(image), "jpeg"));
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text);
    }

    /** JPEG has no alpha channel: ImageIO refuses ARGB images (XChart's, for one). */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        g.dispose();
        return rgb;
    }

    static String base64(BufferedImage image, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalArgumentException("no " + format + " writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
