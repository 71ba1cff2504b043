package oneshot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The raster fast paths give exactly what getRGB and setRGB give, for every image type they take and the ones they don't. */
class RgbImageConversionTest {
    private static final int[] TYPES = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR,
        BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_USHORT_565_RGB,
        BufferedImage.TYPE_BYTE_INDEXED};

    @Test
    void copyingABufferedImageGivesGetRgbsColours() {
        Random r = new Random(3);
        for (int type : TYPES) {
            BufferedImage img = new BufferedImage(37, 23, type);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, r.nextInt()); // random alpha too: the copy ignores it, as getRGB's low 24 bits do
                }
            }
            byte[] expected = new byte[37 * 23 * 3];
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int p = img.getRGB(x, y);
                    int i = (y * 37 + x) * 3;
                    expected[i] = (byte) (p >> 16);
                    expected[i + 1] = (byte) (p >> 8);
                    expected[i + 2] = (byte) p;
                }
            }
            assertArrayEquals(expected, RgbImage.of(img).rgb(), "image type " + type);
        }
    }

    @Test
    void toBufferedImageHoldsTheSameColours() {
        Random r = new Random(5);
        byte[] rgb = new byte[41 * 19 * 3];
        r.nextBytes(rgb);
        RgbImage img = new RgbImage(41, 19, rgb);
        BufferedImage b = img.toBufferedImage();
        assertEquals(BufferedImage.TYPE_INT_RGB, b.getType());
        for (int y = 0; y < 19; y++) {
            for (int x = 0; x < 41; x++) {
                int p = b.getRGB(x, y);
                assertEquals(img.get(x, y, 0), (p >> 16) & 0xff);
                assertEquals(img.get(x, y, 1), (p >> 8) & 0xff);
                assertEquals(img.get(x, y, 2), p & 0xff);
            }
        }
        assertArrayEquals(rgb, RgbImage.of(b).rgb());
    }
}
