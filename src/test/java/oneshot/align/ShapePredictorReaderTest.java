package oneshot.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlib's integer/float encodings, and clear errors for files that are not (whole) shape predictors. */
class ShapePredictorReaderTest {
    @TempDir
    Path dir;

    @Test
    void dlibIntegerAndFloatEncodings() throws IOException {
        // 1 | -136 | 300 (2 bytes) | float 0.75 = 3 * 2^-2 | float -1.5 = -3 * 2^-1
        byte[] b = {0x01, 0x01, (byte) 0x81, (byte) 0x88, 0x02, 0x2C, 0x01, 0x01, 0x03, (byte) 0x81, 0x02,
            (byte) 0x81, 0x03, (byte) 0x81, 0x01};
        try (DlibInput in = new DlibInput(new ByteArrayInputStream(b), "mem")) {
            assertEquals(1, in.readSigned());
            assertEquals(-136, in.readSigned());
            assertEquals(300, in.readUnsigned());
            assertEquals(0.75f, in.readFloat());
            assertEquals(-1.5f, in.readFloat());
            assertTrue(in.atEnd());
        }
    }

    @Test
    void wrongVersionAndGarbageAreRejected() {
        IOException v = assertThrows(IOException.class,
                () -> ShapePredictorReader.read(new ByteArrayInputStream(new byte[] {0x01, 0x02}), "x.dat"));
        assertTrue(v.getMessage().contains("x.dat") && v.getMessage().contains("version 2"), v.getMessage());
        IOException g = assertThrows(IOException.class, () -> ShapePredictorReader.read(
                new ByteArrayInputStream("<html>not found</html>".getBytes()), "page.dat"));
        assertTrue(g.getMessage().contains("page.dat"), g.getMessage());
    }

    @Test
    void truncatedModelSaysWhere() throws IOException {
        Path dat = ShapePredictorReader.defaultPath();
        Assumptions.assumeTrue(Files.isRegularFile(dat), "SKIPPED: dlib model " + dat + " is absent");
        byte[] head = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(dat)) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        Path cut = dir.resolve("cut.dat");
        Files.write(cut, head);
        IOException e = assertThrows(IOException.class, () -> ShapePredictorReader.read(cut));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("ends early"), e.getMessage());
    }

    @Test
    void missingDefaultModelExplainsTheFix() {
        String old = System.getProperty("oneshot.dlib.shapePredictor");
        System.setProperty("oneshot.dlib.shapePredictor", dir.resolve("none.dat").toString());
        try {
            IOException e = assertThrows(IOException.class, ShapePredictorReader::readDefault);
            assertTrue(e.getMessage().contains("none.dat") && e.getMessage().contains("libdlib-data"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty("oneshot.dlib.shapePredictor");
            else System.setProperty("oneshot.dlib.shapePredictor", old);
        }
    }

    @Test
    void pixelIntensityIsDlibsTruncatedMean() {
        // dlib/pixel.h: grey = (r + g + b) / 3 in unsigned integers, not a luma weighting
        assertEquals(85, ShapePredictor.intensity(255, 0, 0));
        assertEquals(85, ShapePredictor.intensity(0, 0, 255));
        assertEquals(1, ShapePredictor.intensity(1, 1, 2));
        assertEquals(255, ShapePredictor.intensity(255, 255, 255));
    }
}
