package oneshot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every colour model and failure the decoder promises, on small files written by the test itself. */
class ImageDecoderTest {
    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder();

    // ---------- PNG colour models ----------

    @Test
    void greyPngKeepsRawSamples() throws Exception {
        BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = {0, 17, 100, 128, 200, 255};
        g.getRaster().setPixels(0, 0, 3, 2, v);
        RgbImage img = decoder.decode(write(g, "png", "grey.png"));
        for (int i = 0; i < 6; i++) assertPixel(img, i % 3, i / 3, v[i], v[i], v[i]);
    }

    @Test
    void greyAlphaPngDropsAlpha() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                java.awt.Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(2, 1);
        r.setPixels(0, 0, 2, 1, new int[] {90, 0, 210, 128});
        RgbImage img = decoder.decode(write(new BufferedImage(cm, r, false, null), "png", "ga.png"));
        assertPixel(img, 0, 0, 90, 90, 90);
        assertPixel(img, 1, 0, 210, 210, 210);
    }

    @Test
    void rgbaPngDropsAlpha() throws Exception {
        BufferedImage a = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(0, 0, 0x00_10_20_30);   // fully transparent: colour still kept
        a.setRGB(1, 0, 0x80_C8_64_05);
        RgbImage img = decoder.decode(write(a, "png", "rgba.png"));
        assertPixel(img, 0, 0, 0x10, 0x20, 0x30);
        assertPixel(img, 1, 0, 0xC8, 0x64, 0x05);
    }

    @Test
    void palettePng() throws Exception {
        byte[] r = {(byte) 255, 0, 12}, g = {0, (byte) 255, 34}, b = {0, 0, 56};
        IndexColorModel icm = new IndexColorModel(2, 3, r, g, b);
        BufferedImage p = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        p.getRaster().setPixels(0, 0, 3, 1, new int[] {2, 0, 1});
        RgbImage img = decoder.decode(write(p, "png", "pal.png"));
        assertPixel(img, 0, 0, 12, 34, 56);
        assertPixel(img, 1, 0, 255, 0, 0);
        assertPixel(img, 2, 0, 0, 255, 0);
    }

    @Test
    void sixteenBitGreyAndRgbPngKeepHighByte() throws Exception {
        BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        g.getRaster().setPixels(0, 0, 2, 1, new int[] {0x12FF, 0xFE01});
        RgbImage gi = decoder.decode(write(g, "png", "g16.png"));
        assertPixel(gi, 0, 0, 0x12, 0x12, 0x12);
        assertPixel(gi, 1, 0, 0xFE, 0xFE, 0xFE);

        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(1, 1);
        r.setPixel(0, 0, new int[] {0xAB80, 0x0180, 0xFFFF});
        RgbImage ci = decoder.decode(write(new BufferedImage(cm, r, false, null), "png", "rgb16.png"));
        assertPixel(ci, 0, 0, 0xAB, 0x01, 0xFF);
    }

    // ---------- JPEG: CMYK, Adobe-inverted CMYK, YCCK, grey, EXIF orientation ----------

    @Test
    void cmykJpegWithoutAdobeMarker() throws Exception {
        // C=0 M=255 Y=255 K=0 is red; K=128 halves it
        byte[] jpeg = fourChannelJpeg(new int[] {0, 255, 255, 0}, new int[] {0, 255, 255, 128}, -1);
        RgbImage img = decoder.decode(save(jpeg, "cmyk.jpg"));
        assertNear(img, 4, 4, 255, 0, 0);
        assertNear(img, 12, 4, 127, 0, 0);
    }

    @Test
    void adobeInvertedCmykJpeg() throws Exception {
        // Photoshop stores 255 - ink: (255, 0, 0, 255) is C=0 M=255 Y=255 K=0 = red
        byte[] jpeg = fourChannelJpeg(new int[] {255, 0, 0, 255}, new int[] {255, 255, 0, 127}, 0);
        RgbImage img = decoder.decode(save(jpeg, "adobe-cmyk.jpg"));
        assertNear(img, 4, 4, 255, 0, 0);
        assertNear(img, 12, 4, 127, 127, 0);   // C=0 M=0 Y=255 K=128: dark yellow
    }

    @Test
    void ycckJpeg() throws Exception {
        // inverted CMY (255, 0, 0) = red ink-free brightness, as YCbCr; K stored inverted (255 = no black)
        int[] ycc = toYcc(255, 0, 0);
        byte[] jpeg = fourChannelJpeg(new int[] {ycc[0], ycc[1], ycc[2], 255}, new int[] {ycc[0], ycc[1], ycc[2], 127}, 2);
        RgbImage img = decoder.decode(save(jpeg, "ycck.jpg"));
        assertNear(img, 4, 4, 255, 0, 0);
        assertNear(img, 12, 4, 127, 0, 0);
    }

    @Test
    void greyJpegGivesThreeEqualChannels() throws Exception {
        BufferedImage g = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 16; x++) for (int y = 0; y < 8; y++) g.getRaster().setSample(x, y, 0, x < 8 ? 40 : 220);
        RgbImage img = decoder.decode(write(g, "jpeg", "grey.jpg"));
        assertNear(img, 3, 3, 40, 40, 40);
        assertNear(img, 12, 3, 220, 220, 220);
    }

    @Test
    void exifOrientationAllEight() throws Exception {
        // 3 x 2 blocks of 8x8: A B C / D E F, each block a distinct colour
        int[][] colours = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {0, 255, 255}, {255, 0, 255}};
        BufferedImage src = new BufferedImage(24, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                int[] c = colours[(y / 8) * 3 + x / 8];
                src.setRGB(x, y, (c[0] << 16) | (c[1] << 8) | c[2]);
            }
        }
        byte[] plain = jpegBytes(src);
        // expected block layout after applying each orientation (row-major letters, index into colours)
        int[][] expected = {
            null,
            {0, 1, 2, 3, 4, 5},      // 1: as stored, 3x2
            {2, 1, 0, 5, 4, 3},      // 2: mirrored
            {5, 4, 3, 2, 1, 0},      // 3: rotated 180
            {3, 4, 5, 0, 1, 2},      // 4: flipped vertically
            {0, 3, 1, 4, 2, 5},      // 5: transposed, 2x3
            {3, 0, 4, 1, 5, 2},      // 6: rotated 90 clockwise
            {5, 2, 4, 1, 3, 0},      // 7: transversed
            {2, 5, 1, 4, 0, 3},      // 8: rotated 90 counter-clockwise
        };
        for (int o = 1; o <= 8; o++) {
            for (boolean bigEndian : new boolean[] {true, false}) {
                byte[] jpeg = withExifOrientation(plain, o, bigEndian);
                assertEquals(o, ExifOrientation.ofJpeg(jpeg));
                RgbImage img = decoder.decode(save(jpeg, "exif" + o + (bigEndian ? "MM" : "II") + ".jpg"));
                boolean swap = o >= 5;
                assertEquals(swap ? 16 : 24, img.width(), "orientation " + o);
                assertEquals(swap ? 24 : 16, img.height(), "orientation " + o);
                int cols = swap ? 2 : 3;
                for (int k = 0; k < 6; k++) {
                    int[] c = colours[expected[o][k]];
                    assertNear(img, (k % cols) * 8 + 4, (k / cols) * 8 + 4, c[0], c[1], c[2]);
                }
            }
        }
    }

    // ---------- PGM / PPM ----------

    @Test
    void pgmAndPpmBinaryTextAndSixteenBit() throws Exception {
        RgbImage p5 = decoder.decode(save(concat("P5\n# a comment\n2 1\n255\n", new byte[] {7, (byte) 250}), "a.pgm"));
        assertPixel(p5, 0, 0, 7, 7, 7);
        assertPixel(p5, 1, 0, 250, 250, 250);
        RgbImage p2 = decoder.decode(save("P2 2 1 15\n0 15\n".getBytes(StandardCharsets.US_ASCII), "b.pgm"));
        assertPixel(p2, 0, 0, 0, 0, 0);
        assertPixel(p2, 1, 0, 255, 255, 255);
        RgbImage p6 = decoder.decode(save(concat("P6\n1 1\n255\n", new byte[] {1, 2, 3}), "c.ppm"));
        assertPixel(p6, 0, 0, 1, 2, 3);
        RgbImage p3 = decoder.decode(save("P3\n#x\n1 1\n#y\n255\n9 8\n7\n".getBytes(StandardCharsets.US_ASCII), "d.ppm"));
        assertPixel(p3, 0, 0, 9, 8, 7);
        RgbImage p16 = decoder.decode(save(concat("P5 1 1 65535\n", new byte[] {(byte) 0x80, 0}), "e.pgm"));
        assertPixel(p16, 0, 0, 128, 128, 128);   // round(32768 * 255 / 65535)
    }

    @Test
    void truncatedPgmIsReported() throws Exception {
        Path f = save(concat("P5 4 4 255\n", new byte[] {1, 2, 3}), "short.pgm");
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(f));
        assertMessage(e, f, "truncated");
    }

    @Test
    void nonSrgbRgbKeepsStoredSamplesLikeOpenCv() {
        // what ImageIO gives for a JPEG with an ICC profile: getRGB would colour-convert, OpenCV would not
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false, false,
                java.awt.Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(1, 1);
        r.setPixel(0, 0, new int[] {10, 128, 250});
        assertPixel(ImageDecoder.fromBufferedImage(new BufferedImage(cm, r, false, null)), 0, 0, 10, 128, 250);
    }

    @Test
    void bmpAndGifGoThroughImageIo() throws Exception {
        BufferedImage src = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        src.setRGB(0, 0, 0x102030);
        src.setRGB(1, 0, 0xFFFFFF);
        RgbImage bmp = decoder.decode(write(src, "bmp", "a.bmp"));
        assertPixel(bmp, 0, 0, 0x10, 0x20, 0x30);
        RgbImage gif = decoder.decode(write(src, "gif", "a.gif"));
        assertPixel(gif, 1, 0, 255, 255, 255);
    }

    // ---------- limits and failures ----------

    @Test
    void pixelLimitIsCheckedBeforeDecoding() throws Exception {
        BufferedImage g = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
        Path png = write(g, "png", "small.png");
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> new ImageDecoder(100).decode(png));
        assertMessage(e, png, "limit of 100");

        // headers that claim 60000 x 60000 but carry no such data: only a header check can give this message
        byte[] pngBytes = Files.readAllBytes(png);
        setBigEndian(pngBytes, 16, 60000, 4);
        setBigEndian(pngBytes, 20, 60000, 4);
        Path hugePng = save(pngBytes, "huge.png");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(hugePng)), hugePng, "60000x60000");

        byte[] jpeg = jpegBytes(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB));
        int sof = indexOfMarker(jpeg, 0xC0);
        setBigEndian(jpeg, sof + 5, 60000, 2);
        setBigEndian(jpeg, sof + 7, 60000, 2);
        Path hugeJpeg = save(jpeg, "huge.jpg");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(hugeJpeg)), hugeJpeg, "60000x60000");

        Path bigFile = save(new byte[1_100_000], "big.png");
        assertMessage(assertThrows(ImageDecodeException.class, () -> new ImageDecoder(10).decode(bigFile)), bigFile,
                "1100000 bytes, too large");

        Path hugePgm = save("P5 60000 60000 255\n".getBytes(StandardCharsets.US_ASCII), "huge.pgm");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(hugePgm)), hugePgm, "60000x60000");
    }

    @Test
    void truncatedJpegAndPngAreReported() throws Exception {
        BufferedImage src = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) src.setRGB(x, y, (x * 4 << 16) | (y * 4 << 8) | (x ^ y));
        byte[] jpeg = jpegBytes(src);
        Path halfJpeg = save(Arrays.copyOf(jpeg, jpeg.length / 2), "half.jpg");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(halfJpeg)), halfJpeg, "");
        byte[] png = Files.readAllBytes(write(src, "png", "full.png"));
        Path halfPng = save(Arrays.copyOf(png, png.length / 2), "half.png");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(halfPng)), halfPng, "");
    }

    @Test
    void nonImageEmptyAndMissingFilesAreReported() throws Exception {
        Path text = save("hello, not an image\n".getBytes(StandardCharsets.US_ASCII), "notes.jpg");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(text)), text, "not an image");
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII);
        Path w = save(webp, "photo.webp");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(w)), w, "WebP images are not supported");
        Path empty = save(new byte[0], "empty.png");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(empty)), empty, "empty");
        Path missing = dir.resolve("missing.png");
        assertMessage(assertThrows(ImageDecodeException.class, () -> decoder.decode(missing)), missing, "no such file");
    }

    // ---------- helpers ----------

    private static void assertMessage(ImageDecodeException e, Path file, String reason) {
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains(file.toString()), "message must name the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), "message must say '" + reason + "': " + e.getMessage());
    }

    private static void assertPixel(RgbImage img, int x, int y, int r, int g, int b) {
        assertArrayEquals(new int[] {r, g, b}, new int[] {img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)},
                "pixel (" + x + "," + y + ")");
    }

    /** JPEG is lossy: flat 8x8 blocks come back within a few levels. */
    private static void assertNear(RgbImage img, int x, int y, int r, int g, int b) {
        int[] got = {img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)};
        int[] want = {r, g, b};
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(got[c] - want[c]) <= 4, "pixel (" + x + "," + y + ") " + Arrays.toString(got)
                    + " expected about " + Arrays.toString(want));
        }
    }

    private Path write(BufferedImage img, String format, String name) throws Exception {
        Path f = dir.resolve(name);
        if (format.equals("jpeg")) {
            Files.write(f, jpegBytes(img));
        } else {
            assertTrue(ImageIO.write(img, format, f.toFile()), "no writer for " + format);
        }
        return f;
    }

    private Path save(byte[] bytes, String name) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] jpegBytes(BufferedImage img) throws Exception {
        return encodeJpeg(new IIOImage(img, null, null));
    }

    private static byte[] encodeJpeg(IIOImage image) throws Exception {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bo)) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(1f);
            w.write(null, image, p);
        } finally {
            w.dispose();
        }
        return bo.toByteArray();
    }

    /** A 16x8 four-component JPEG: left 8x8 block {@code left}, right block {@code right}; Adobe APP14 if transform >= 0. */
    private static byte[] fourChannelJpeg(int[] left, int[] right, int adobeTransform) throws Exception {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 16; x++) r.setPixel(x, y, x < 8 ? left : right);
        byte[] raw = encodeJpeg(new IIOImage(r, null, null));   // components stored as given, no colour transform
        if (adobeTransform < 0) return raw;
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) adobeTransform};
        return insertAfterSoi(raw, app14);
    }

    private static int[] toYcc(int r, int g, int b) {
        int y = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        int cb = (int) Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        int cr = (int) Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
        return new int[] {Math.min(255, y), Math.min(255, cb), Math.min(255, cr)};
    }

    /** Adds an APP1 Exif segment whose IFD0 holds only the Orientation tag. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        byte[] tiff = new byte[8 + 2 + 12 + 4];
        tiff[0] = tiff[1] = (byte) (bigEndian ? 'M' : 'I');
        put16(tiff, 2, 42, bigEndian);
        put16(tiff, 4, 0, bigEndian);   // IFD offset 8 as a 32-bit value
        put16(tiff, 6, 0, bigEndian);
        if (bigEndian) tiff[7] = 8; else tiff[4] = 8;
        put16(tiff, 8, 1, bigEndian);              // one entry
        put16(tiff, 10, 0x0112, bigEndian);        // Orientation
        put16(tiff, 12, 3, bigEndian);             // SHORT
        put16(tiff, 14, 0, bigEndian);             // count = 1 (32-bit)
        put16(tiff, 16, 0, bigEndian);
        if (bigEndian) tiff[17] = 1; else tiff[14] = 1;
        put16(tiff, 18, orientation, bigEndian);   // value, left-justified
        int len = 2 + 6 + tiff.length;
        byte[] seg = new byte[2 + len];
        seg[0] = (byte) 0xFF;
        seg[1] = (byte) 0xE1;
        seg[2] = (byte) (len >> 8);
        seg[3] = (byte) len;
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, seg, 4, 6);
        System.arraycopy(tiff, 0, seg, 10, tiff.length);
        return insertAfterSoi(jpeg, seg);
    }

    private static void put16(byte[] b, int i, int v, boolean bigEndian) {
        b[i + (bigEndian ? 0 : 1)] = (byte) (v >> 8);
        b[i + (bigEndian ? 1 : 0)] = (byte) v;
    }

    private static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    private static int indexOfMarker(byte[] jpeg, int marker) {
        int p = 2;
        while (p + 4 <= jpeg.length) {
            if ((jpeg[p + 1] & 0xff) == marker) return p;
            p += 2 + (((jpeg[p + 2] & 0xff) << 8) | (jpeg[p + 3] & 0xff));
        }
        throw new AssertionError("marker not found");
    }

    private static void setBigEndian(byte[] b, int at, int v, int n) {
        for (int i = 0; i < n; i++) b[at + i] = (byte) (v >> (8 * (n - 1 - i)));
    }

    private static byte[] concat(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(h, h.length + data.length);
        System.arraycopy(data, 0, out, h.length, data.length);
        return out;
    }
}
