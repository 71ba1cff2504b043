package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
    @TempDir
    Path dir;

    private static final long[] ROW = {2, 3};

    private static float[] rows(int first, int n) {
        float[] v = new float[n * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = first * 6 + i + 0.5f;
        }
        return v;
    }

    @Test
    void appendsReadsAndResumesAfterReopening() throws IOException {
        try (FeatureCache c = FeatureCache.open(dir, "k", 5, ROW, "test")) {
            assertEquals(0, c.done());
            c.append(rows(0, 2), 2);
        }
        try (FeatureCache c = FeatureCache.open(dir, "k", 5, ROW, "test")) {
            assertEquals(2, c.done(), "a reopened cache resumes after the finished rows");
            assertFalse(c.complete());
            c.append(rows(2, 3), 3);
            assertTrue(c.complete());
            float[] got = c.read(new int[] {4, 1});
            float[] want = new float[12];
            System.arraycopy(rows(4, 1), 0, want, 0, 6);
            System.arraycopy(rows(1, 1), 0, want, 6, 6);
            assertArrayEquals(want, got, 0.02f); // float16: 3 significant digits
            assertThrows(IllegalStateException.class, () -> c.append(rows(0, 1), 1));
        }
    }

    @Test
    void unfinishedRowsAreNotReadable() throws IOException {
        try (FeatureCache c = FeatureCache.open(dir, "k", 5, ROW, "test")) {
            c.append(rows(0, 1), 1);
            assertThrows(IllegalArgumentException.class, () -> c.read(new int[] {1}));
        }
    }

    @Test
    void truncatedDataOrForeignIndexIsRefusedWithTheFileName() throws IOException {
        try (FeatureCache c = FeatureCache.open(dir, "k", 5, ROW, "test")) {
            c.append(rows(0, 3), 3);
        }
        IOException shape = assertThrows(IOException.class, () -> FeatureCache.open(dir, "k", 6, ROW, "test"));
        assertTrue(shape.getMessage().contains("k.json"), shape.getMessage());
        try (FileChannel ch = FileChannel.open(dir.resolve("k.f16"), StandardOpenOption.WRITE)) {
            ch.truncate(20);
        }
        IOException cut = assertThrows(IOException.class, () -> FeatureCache.open(dir, "k", 5, ROW, "test"));
        assertTrue(cut.getMessage().contains("k.f16") && cut.getMessage().contains("truncated"), cut.getMessage());
        Files.writeString(dir.resolve("k.json"), "{not json");
        IOException bad = assertThrows(IOException.class, () -> FeatureCache.open(dir, "k", 5, ROW, "test"));
        assertTrue(bad.getMessage().contains("k.json"), bad.getMessage());
    }
}
