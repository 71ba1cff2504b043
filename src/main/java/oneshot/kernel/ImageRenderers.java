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
 * Renders images and XChart charts as inline PNG, with a short stable text form (no identity hash codes, so
 * re-running a notebook does not change its committed text outputs).
 */
public final class ImageRenderers {
    private ImageRenderers() {}

    public static void registerAll(Renderer renderer) {
        renderer.createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((image, ctx) -> png(image, describe(image), ctx));
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((chart, ctx) -> png(BitmapEncoder.getBufferedImage(chart),
                        chart.getClass().getSimpleName() + " \"" + chart.getTitle() + "\" "
                                + chart.getWidth() + "x" + chart.getHeight(), ctx));
    }

    private static String describe(BufferedImage image) {
        return "BufferedImage " + image.getWidth() + "x" + image.getHeight();
    }

    private static void png(BufferedImage image, String text, RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> base64Png(image));
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text);
    }

    static String base64Png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalArgumentException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
