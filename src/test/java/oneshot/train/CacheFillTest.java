package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelined fill (inputs prepared ahead, rows written behind): every row lands where it belongs, in order, from
 * where a stopped fill left off; a failing input keeps the rows finished before it and a later fill does only the rest.
 */
class CacheFillTest {
    private static final long[] ROW = {3};

    @TempDir
    Path dir;

    /** Row r holds (r, r + 0.5, -r): inputs carry the row numbers, computing maps them. */
    private static float[] values(int[] rowNumbers, int n) {
        float[] out = new float[n * 3];
        for (int i = 0; i < n; i++) {
            out[3 * i] = rowNumbers[i];
            out[3 * i + 1] = rowNumbers[i] + 0.5f;
            out[3 * i + 2] = -rowNumbers[i];
        }
        return out;
    }

    private static int[] rowNumbers(int first, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = first + i;
        }
        return r;
    }

    private static void assertRows(FeatureCache cache, int upTo) throws IOException {
        float[] got = cache.read(rowNumbers(0, upTo));
        for (int r = 0; r < upTo; r++) {
            assertEquals(r, got[3 * r], "row " + r);
            assertEquals(r + 0.5f, got[3 * r + 1], "row " + r);
            assertEquals(-r, got[3 * r + 2], "row " + r);
        }
    }

    @Test
    void rowsLandInOrderAndAFailedInputKeepsWhatWasFinished() throws IOException {
        List<Integer> prepared = Collections.synchronizedList(new ArrayList<>());
        try (FeatureCache cache = FeatureCache.open(dir, "k", 50, ROW, "test")) {
            IOException e = assertThrows(IOException.class, () -> CacheFill.fill(cache, 7, "rows", (first, n) -> {
                if (first >= 28) {
                    throw new IOException("unreadable image at row " + first);
                }
                prepared.add(first);
                return rowNumbers(first, n);
            }, CacheFillTest::values));
            assertTrue(e.getMessage().contains("row 28"), e.getMessage());
            assertEquals(28, cache.done(), "the four chunks before the failure are kept");
            assertRows(cache, 28);
        }
        assertEquals(List.of(0, 7, 14, 21), prepared);
        List<Integer> again = Collections.synchronizedList(new ArrayList<>());
        try (FeatureCache cache = FeatureCache.open(dir, "k", 50, ROW, "test")) {
            CacheFill.fill(cache, 7, "rows", (first, n) -> {
                again.add(first);
                return rowNumbers(first, n);
            }, CacheFillTest::values);
            assertTrue(cache.complete());
            assertRows(cache, 50);
        }
        assertEquals(List.of(28, 35, 42, 49), again, "only the missing rows are prepared again");
    }
}
