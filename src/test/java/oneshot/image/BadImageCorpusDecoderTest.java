package oneshot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad-input corpus through the decoder: the right size or a one-line reason naming the file, within bounded memory. */
class BadImageCorpusDecoderTest {
    /** Heap any corpus entry may take: the largest decodable one is 320 x 200; refusals must come from the header. */
    private static final long HEAP_BOUND = 64L << 20;

    @TempDir
    Path dir;

    private static long heapPeakSinceReset() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    @Test
    void everyEntryDecodesOrFailsWithItsReason() throws Exception {
        Map<String, BadImageCorpus.Expect> corpus = BadImageCorpus.write(dir);
        ImageDecoder decoder = new ImageDecoder();
        for (var e : corpus.entrySet()) {
            Path file = dir.resolve(e.getKey());
            resetPeaks();
            long base = heapPeakSinceReset();
            if (e.getValue().fails()) {
                ImageDecodeException ex = assertThrows(ImageDecodeException.class, () -> decoder.decode(file), e.getKey());
                assertTrue(ex.getMessage().contains(e.getKey()), "names the file: " + ex.getMessage());
                assertTrue(ex.getMessage().contains(e.getValue().reason()), e.getKey() + ": " + ex.getMessage());
                assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
            } else {
                RgbImage img = decoder.decode(file);
                assertEquals(e.getValue().width(), img.width(), e.getKey());
                assertEquals(e.getValue().height(), img.height(), e.getKey());
            }
            long used = heapPeakSinceReset() - base;
            assertTrue(used < HEAP_BOUND, e.getKey() + " took " + (used >> 20) + " MB of heap");
        }
        ImageDecodeException missing = assertThrows(ImageDecodeException.class,
                () -> decoder.decode(dir.resolve(BadImageCorpus.MISSING)));
        assertTrue(missing.getMessage().contains(BadImageCorpus.MISSING) && missing.getMessage().contains("no such file"),
                missing.getMessage());
    }
}
