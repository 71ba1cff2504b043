package oneshot.gallery;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.io.AtomicFiles;

/** Draws each face's box and verdict onto a copy of the image and writes it as PNG (Java2D, headless). */
public final class FaceAnnotator {
    private static final Color KNOWN = new Color(40, 200, 60);
    private static final Color UNKNOWN = new Color(230, 50, 40);

    private FaceAnnotator() {}

    /** One face to draw. */
    public record Label(FaceBox box, Verdict verdict) {}

    public static BufferedImage draw(BufferedImage source, List<Label> labels) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int scale = Math.max(1, Math.min(source.getWidth(), source.getHeight()) / 300); // readable on large photos
            g.setStroke(new BasicStroke(2f * scale));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12 * scale));
            FontMetrics fm = g.getFontMetrics();
            for (Label l : labels) {
                Color c = l.verdict().known() ? KNOWN : UNKNOWN;
                FaceBox b = l.box();
                int x = (int) Math.round(b.x());
                int y = (int) Math.round(b.y());
                g.setColor(c);
                g.drawRect(x, y, (int) Math.round(b.width()), (int) Math.round(b.height()));
                String label = PersonName.display(l.verdict().label());
                String text = Double.isNaN(l.verdict().distance()) ? label
                        : String.format(Locale.ROOT, "%s %.2f", label, l.verdict().distance());
                int tw = fm.stringWidth(text) + 6;
                int th = fm.getHeight();
                int ty = y - th >= 0 ? y - th : Math.max(0, y); // above the box, else inside it, never off the image
                g.fillRect(x, ty, tw, th);
                g.setColor(Color.WHITE);
                g.drawString(text, x + 3, ty + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Decodes {@code image} the way the pipeline does (EXIF orientation applied, so the boxes line up), draws, and writes PNG
     * to {@code out} through a temporary file (never a half-written PNG).
     */
    public static void annotate(Path image, List<Label> labels, Path out) throws IOException {
        BufferedImage src;
        try {
            src = new ImageDecoder().decode(image).toBufferedImage();
        } catch (ImageDecodeException e) {
            throw new GalleryException("Cannot draw on " + image + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(draw(src, labels), "png", png)) {
            throw new GalleryException("No PNG writer available to write " + out);
        }
        AtomicFiles.writePrivate(out, png.toByteArray()); // names of people: owner-only
    }
}
