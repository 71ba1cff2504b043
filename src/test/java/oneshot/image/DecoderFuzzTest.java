package oneshot.image;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import oneshot.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of valid PNG, JPEG, GIF and BMP files through the decoder for a bounded time (20 s, or
 * {@code -Doneshot.fuzz.seconds}): every input either decodes or fails with an {@link ImageDecodeException}; no other
 * exception or error escapes, and no decode is allowed more than a 4-megapixel budget (the limit this test sets, so a
 * mutated header cannot make the decoder allocate for a huge image).
 */
class DecoderFuzzTest {
    private static final long MAX_PIXELS = 4_000_000;

    @Test
    void mutatedImagesDecodeOrFailCleanly() throws Exception {
        byte[] jpeg = Files.readAllBytes(SharedData.require("data/bbt-scenes/bbt3.jpg"));
        byte[] png = Files.readAllBytes(SharedData.require("data/bbt/penny/penny1.png"));
        BufferedImage small = BadImageCorpus.scene(48, 32, BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream gif = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(small, "gif", gif);
        java.io.ByteArrayOutputStream bmp = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(small, "bmp", bmp);
        List<byte[]> seeds = List.of(jpeg, png, gif.toByteArray(), bmp.toByteArray());

        ImageDecoder decoder = new ImageDecoder(MAX_PIXELS);
        Random rnd = new Random(16);
        long end = System.nanoTime() + (long) (Double.parseDouble(System.getProperty("oneshot.fuzz.seconds", "20")) * 1e9);
        int runs = 0, decoded = 0;
        while (System.nanoTime() < end) {
            byte[] seed = seeds.get(runs % seeds.size());
            byte[] b = mutate(seed, rnd);
            try {
                RgbImage img = decoder.decode(b, Path.of("fuzz-" + runs));
                assertTrue((long) img.width() * img.height() <= MAX_PIXELS);
                decoded++;
            } catch (ImageDecodeException e) {
                assertTrue(e.getMessage().contains("fuzz-" + runs), e.getMessage());
            } catch (Throwable t) {
                fail("run " + runs + " (seed " + (runs % seeds.size()) + "): " + t, t);
            }
            runs++;
        }
        System.err.printf("decoder fuzz: %d mutated inputs, %d decoded, the rest refused cleanly%n", runs, decoded);
        assertTrue(runs > 20, "too few runs: " + runs);
    }

    /** 1-8 byte flips, often in the first 200 bytes (headers, chunk lengths, markers), sometimes a cut or a splice. */
    private static byte[] mutate(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            int pos = rnd.nextBoolean() ? rnd.nextInt(Math.min(200, b.length)) : rnd.nextInt(b.length);
            b[pos] = rnd.nextInt(4) == 0 ? (byte) 0xff : (byte) rnd.nextInt(256);
        }
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            return java.util.Arrays.copyOf(b, 1 + rnd.nextInt(b.length));
        }
        if (kind == 1) {
            int from = rnd.nextInt(b.length), to = rnd.nextInt(b.length), len = rnd.nextInt(Math.min(64, b.length - Math.max(from, to)) + 1);
            System.arraycopy(b.clone(), from, b, to, len);
        }
        return b;
    }
}
