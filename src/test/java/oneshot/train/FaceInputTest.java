package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import oneshot.embed.FaceTensor;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training reads images through the same decoder as every other input (it used plain ImageIO: no PNM, no EXIF, no CMYK). */
class FaceInputTest {
    @TempDir
    Path dir;

    @Test
    void aPgmFaceCropTrainsLikeItEmbeds() throws Exception {
        ByteArrayOutputStream pgm = new ByteArrayOutputStream();
        pgm.write("P5\n96 96\n255\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < 96 * 96; i++) {
            pgm.write((i * 7) & 0xff);
        }
        Path file = dir.resolve("face.pgm");
        Files.write(file, pgm.toByteArray());
        float[] input = new float[FaceTensor.VALUES];
        FaceInput.load(file, input, 0); // ImageIO cannot read PGM: this threw "not a format Java ImageIO reads"
        float[] expected = new float[FaceTensor.VALUES];
        RgbImage decoded = new ImageDecoder().decode(file);
        FaceTensor.write(decoded, expected, 0);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], input[i], 0f, "value " + i);
        }
        assertEquals(FaceInput.ALIGNED, FaceInput.mode(decoded.width(), decoded.height()));
    }

    @Test
    void anUnreadableFileNamesItself() throws IOException {
        Path junk = dir.resolve("junk.png");
        Files.writeString(junk, "no image");
        IOException e = assertThrows(IOException.class, () -> FaceInput.load(junk, new float[FaceTensor.VALUES], 0));
        assertTrue(e.getMessage().contains("junk.png"), e.getMessage());
    }
}
