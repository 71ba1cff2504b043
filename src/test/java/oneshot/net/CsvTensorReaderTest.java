package oneshot.net;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTensorReaderTest {
    static final TensorSpec FOUR = new TensorSpec("bn1_w", new Shape(2, 2), "bn1", "gamma", false);
    static final Path FILE = Path.of("w/bn1_w.csv");

    static float[] parse(String text) {
        return CsvTensorReader.parse(FILE, text.getBytes(StandardCharsets.US_ASCII), FOUR);
    }

    static String error(String text) {
        WeightFileException e = assertThrows(WeightFileException.class, () -> parse(text));
        assertTrue(e.getMessage().startsWith(FILE.toString()), "error must name the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsTheExportFormat() {
        assertArrayEquals(new float[] {1f, -2.5f, 3e-3f, 0.123456789f}, parse("1,-2.5,3e-3,0.123456789\n"), 0f);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, parse("1, 2,\r\n3 ,4"), 0f);
    }

    @Test
    void refusesWrongCountsNanInfAndText() {
        assertTrue(error("1,2,3").contains("has 3 values"));
        assertTrue(error("1,2,3,").contains("truncated"));
        assertTrue(error("1,2,3,4,5").contains("too many"));
        assertTrue(error("").contains("has 0 values"));
        assertTrue(error("1,NaN,3,4").contains("NaN/Inf"));
        assertTrue(error("1,-inf,3,4").contains("NaN/Inf"));
        assertTrue(error("1,1e39,3,4").contains("overflows"));
        assertTrue(error("1,abc,3,4").contains("not a number"));
        assertTrue(error("1,1.2.3,3,4").contains("not a number"));
        assertTrue(error("PK\u0003\u0004binary").contains("not a number"));
    }
}
