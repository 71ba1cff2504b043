package oneshot.image;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import oneshot.SharedData;

/**
 * Hostile and odd image inputs, generated at test time (issue 16): every entry with what decoding it must give, either
 * a decoded size or the reason an {@link ImageDecodeException} must name. No entry shows a face.
 */
public final class BadImageCorpus {
    /** What decoding must give: {@code reason} (a fragment of the message) when it must fail, else the decoded size. */
    public record Expect(String reason, int width, int height) {
        public boolean fails() {
            return reason != null;
        }
    }

    private BadImageCorpus() {}

    static Expect fail(String reason) {
        return new Expect(reason, 0, 0);
    }

    static Expect ok(int w, int h) {
        return new Expect(null, w, h);
    }

    /** Writes the corpus into {@code dir} (one flat folder) and returns file name to expectation. */
    public static Map<String, Expect> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Expect> m = new LinkedHashMap<>();
        byte[] jpeg = Files.readAllBytes(SharedData.require("data/bbt-scenes/bbt2.jpg"));
        byte[] png = pngBytes(scene(320, 200, BufferedImage.TYPE_INT_RGB));

        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        m.put("empty.jpg", fail("file is empty"));
        Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        m.put("truncated.jpg", fail("truncated"));
        Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
        m.put("truncated.png", fail("truncated"));
        byte[] noise = new byte[4096];
        new Random(16).nextBytes(noise);
        Files.write(dir.resolve("random.png"), noise);
        m.put("random.png", fail("not an image file"));
        Files.writeString(dir.resolve("text.png"), "this is a text file, not a PNG\n");
        m.put("text.png", fail("not an image file"));
        Files.write(dir.resolve("bomb-header.png"), pngHeaderOnly(1_000_000, 1_000_000));
        m.put("bomb-header.png", fail("above the limit"));
        Files.write(dir.resolve("bomb-header.jpg"), jpegWithSize(jpeg, 65_000, 65_000));
        m.put("bomb-header.jpg", fail("above the limit"));
        writeBlankPng(dir.resolve("huge-20000.png"), 20_000, 20_000);
        m.put("huge-20000.png", fail("400000000 pixels, above the limit"));
        write(dir.resolve("one-pixel.png"), new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
        m.put("one-pixel.png", ok(1, 1));
        write(dir.resolve("grey16.png"), scene(64, 48, BufferedImage.TYPE_USHORT_GRAY), "png");
        m.put("grey16.png", ok(64, 48));
        write(dir.resolve("rgba.png"), scene(64, 48, BufferedImage.TYPE_INT_ARGB), "png");
        m.put("rgba.png", ok(64, 48));
        Files.write(dir.resolve("cmyk.jpg"), cmykJpeg(64, 48));
        m.put("cmyk.jpg", ok(64, 48));
        write(dir.resolve("palette.gif"), scene(64, 48, BufferedImage.TYPE_INT_RGB), "gif");
        m.put("palette.gif", ok(64, 48));
        write(dir.resolve("plain.bmp"), scene(64, 48, BufferedImage.TYPE_INT_RGB), "bmp");
        m.put("plain.bmp", ok(64, 48));
        Files.write(dir.resolve("photo.webp"), "RIFF\u0024\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1));
        m.put("photo.webp", fail("WebP images are not supported"));
        Files.createDirectories(dir.resolve("folder.jpg"));
        m.put("folder.jpg", fail("is a folder"));
        write(dir.resolve("gesicht-äöü-日本.png"), scene(64, 48, BufferedImage.TYPE_INT_RGB), "png");
        m.put("gesicht-äöü-日本.png", ok(64, 48));
        Files.createSymbolicLink(dir.resolve("loop-a.jpg"), dir.resolve("loop-b.jpg"));
        Files.createSymbolicLink(dir.resolve("loop-b.jpg"), dir.resolve("loop-a.jpg"));
        m.put("loop-a.jpg", fail("link that cannot be followed"));
        m.put("loop-b.jpg", fail("link that cannot be followed"));
        Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("gone.png"));
        m.put("dangling.png", fail("dangling link"));
        return m;
    }

    /** A path that does not exist, for the commands' missing-file case. */
    public static final String MISSING = "missing.jpg";

    /** A faceless picture: a diagonal gradient. */
    static BufferedImage scene(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(20, 90, 160, 255), w, h, new Color(230, 200, 40, 128)));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static void write(Path file, BufferedImage img, String format) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no " + format + " writer");
        }
    }

    static byte[] pngBytes(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A valid PNG signature and IHDR claiming w x h RGB, followed by an empty IDAT and IEND. */
    static byte[] pngHeaderOnly(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr(w, h, 2));
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A real, complete w x h 8-bit grey PNG of zeros, deflated as it is written (a few hundred KB on disk for 400
     * megapixels): the decoder must refuse it from its header, not by running out of memory.
     */
    static void writeBlankPng(Path file, int w, int h) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file)) {
            raw.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            chunk(raw, "IHDR", ihdr(w, h, 0));
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(Deflater.BEST_SPEED), 1 << 16)) {
                byte[] row = new byte[w + 1]; // filter byte 0, then zeros
                for (int y = 0; y < h; y++) {
                    d.write(row);
                }
            }
            chunk(raw, "IDAT", z.toByteArray());
            chunk(raw, "IEND", new byte[0]);
        }
    }

    private static byte[] ihdr(int w, int h, int colourType) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(w);
        d.writeInt(h);
        d.writeByte(8);
        d.writeByte(colourType);
        d.writeByte(0);
        d.writeByte(0);
        d.writeByte(0);
        return b.toByteArray();
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
        d.flush();
    }

    /** A real JPEG with the frame header's size rewritten. */
    static byte[] jpegWithSize(byte[] jpeg, int w, int h) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 9 < b.length; i++) {
            int marker = b[i + 1] & 0xff;
            if ((b[i] & 0xff) == 0xff && (marker == 0xc0 || marker == 0xc2)) {
                b[i + 5] = (byte) (h >> 8);
                b[i + 6] = (byte) h;
                b[i + 7] = (byte) (w >> 8);
                b[i + 8] = (byte) w;
                return b;
            }
        }
        throw new IllegalArgumentException("no SOF0/SOF2 marker");
    }

    /** A 4-component (CMYK, no Adobe marker) JPEG written from a raster. */
    static byte[] cmykJpeg(int w, int h) throws IOException {
        java.awt.image.WritableRaster r = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
                w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setPixel(x, y, new int[] {x * 4, y * 5, 128, 30});
            }
        }
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(r, null, null), null);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
