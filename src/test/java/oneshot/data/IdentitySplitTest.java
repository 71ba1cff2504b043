package oneshot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import oneshot.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits on the real LFW folder and its View 2 pairs.txt. */
class IdentitySplitTest {
    private static IdentityFolder lfw;
    private static LfwView2Folds folds;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        lfw = IdentityFolder.scan(SharedData.require("data/lfw"));
        folds = LfwView2Folds.read(SharedData.require("data/lfw/pairs.txt"));
    }

    @Test
    void lfwHasItsPublishedSize() {
        assertEquals(5749, lfw.identities().size());
        assertEquals(13233, lfw.size());
        assertEquals(10, folds.foldCount());
    }

    @Test
    void view2FoldsAreIdentityDisjoint() {
        for (int a = 1; a <= 10; a++) {
            for (int b = a + 1; b <= 10; b++) {
                Set<String> common = new HashSet<>(folds.people(a));
                common.retainAll(folds.people(b));
                assertTrue(common.isEmpty(), "folds " + a + " and " + b + " share " + common);
            }
        }
    }

    @Test
    void halfSplitKeepsTestPeopleOutOfTrainingAndValidation() throws IOException {
        IdentitySplit s = IdentitySplitter.lfwView2("t", lfw, folds, List.of(1, 2, 3, 4, 5), 150, 7);
        Set<String> test = new HashSet<>(s.test());
        assertEquals(folds.people(List.of(1, 2, 3, 4, 5)), new HashSet<>(s.test()));
        for (String id : s.train()) {
            assertTrue(!test.contains(id));
        }
        assertEquals(150, s.validation().size());
        int[] counts = IdentitySplitter.imagesPerIdentity(lfw);
        for (String id : s.validation()) {
            assertTrue(counts[lfw.identities().indexOf(id)] >= 2, id + " has one image");
            assertTrue(!test.contains(id));
        }
        assertEquals(5749, s.train().size() + s.validation().size() + s.test().size());
        // People of the other half are trainable (unless drawn for validation).
        for (String id : folds.people(6)) {
            assertTrue(s.train().contains(id) || s.validation().contains(id));
        }
    }

    @Test
    void splitIsReproducibleFromItsSeedAndRoundTripsThroughJson() throws IOException {
        IdentitySplit a = IdentitySplitter.lfwView2("half", lfw, folds, List.of(6, 7, 8, 9, 10), 100, 3);
        IdentitySplit b = IdentitySplitter.lfwView2("half", lfw, folds, List.of(6, 7, 8, 9, 10), 100, 3);
        IdentitySplit c = IdentitySplitter.lfwView2("half", lfw, folds, List.of(6, 7, 8, 9, 10), 100, 4);
        assertEquals(a, b);
        assertTrue(!a.validation().equals(c.validation()));
        Path file = a.write(tmp);
        assertEquals(tmp.resolve("half.json"), file);
        assertEquals(a, IdentitySplit.read(file));
    }

    @Test
    void randomSplitIsDisjointAndSized() {
        IdentitySplit s = IdentitySplitter.random("r", lfw, 0.1, 0.2, 1);
        assertEquals(Math.round(5749 * 0.2), s.test().size());
        assertEquals(5749, s.train().size() + s.validation().size() + s.test().size());
        assertTrue(s.validation().size() > 100);
    }

    @Test
    void overlappingOrBrokenSplitFilesAreRejectedWithTheirName() throws IOException {
        Path overlap = tmp.resolve("overlap.json");
        Files.writeString(overlap, "{\"name\":\"o\",\"seed\":1,\"train\":[\"A\",\"B\"],\"validation\":[],\"test\":[\"B\"]}");
        IOException e = assertThrows(IOException.class, () -> IdentitySplit.read(overlap));
        assertTrue(e.getMessage().contains("overlap.json") && e.getMessage().contains("'B'"), e.getMessage());
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"name\":\"o\",\"train\":[");
        IOException e2 = assertThrows(IOException.class, () -> IdentitySplit.read(broken));
        assertTrue(e2.getMessage().contains("broken.json"), e2.getMessage());
    }

    @Test
    void truncatedPairsFileIsRejectedWithItsName() throws IOException {
        Path p = tmp.resolve("pairs.txt");
        Files.writeString(p, "10\t300\nAbel_Pacheco\t1\t4\n");
        IOException e = assertThrows(IOException.class, () -> LfwView2Folds.read(p));
        assertTrue(e.getMessage().contains("pairs.txt") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
