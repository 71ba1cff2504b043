package oneshot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairsProtocolTest {
    @TempDir
    Path dir;

    @Test
    void realLfwView2HasTenFoldsOf300SameAnd300DifferentAndEveryImageExists() throws IOException {
        Path lfw = SharedData.require("data/lfw");
        PairsProtocol p = PairsProtocol.read(lfw.resolve("pairs.txt"));
        assertEquals(6000, p.size());
        assertEquals(10, p.folds());
        assertEquals(300, p.matchedPerFold());
        for (int f = 0; f < 10; f++) {
            List<PairsProtocol.Pair> fold = p.pairs().subList(600 * f, 600 * (f + 1));
            int fi = f;
            assertTrue(fold.stream().allMatch(x -> x.fold() == fi));
            assertEquals(300, fold.stream().filter(PairsProtocol.Pair::same).count());
            assertTrue(fold.subList(0, 300).stream().allMatch(PairsProtocol.Pair::same), "same pairs first in fold " + f);
        }
        // First and last lines of the file, read by hand.
        PairsProtocol.Pair first = p.pairs().get(0);
        assertEquals("Abel_Pacheco/Abel_Pacheco_0001.jpg", first.path1());
        assertEquals("Abel_Pacheco/Abel_Pacheco_0004.jpg", first.path2());
        PairsProtocol.Pair diff = p.pairs().get(300);
        assertFalse(diff.same());
        assertEquals("Abdel_Madi_Shabneh/Abdel_Madi_Shabneh_0001.jpg", diff.path1());
        assertEquals("Dean_Barker/Dean_Barker_0001.jpg", diff.path2());
        List<String> missing = new ArrayList<>();
        for (PairsProtocol.Pair x : p.pairs()) {
            for (String s : List.of(x.path1(), x.path2())) {
                if (!Files.isRegularFile(lfw.resolve(s))) {
                    missing.add(s);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void realLfwView1Files() throws IOException {
        Path lfw = SharedData.require("data/lfw");
        PairsProtocol train = PairsProtocol.read(lfw.resolve("pairsDevTrain.txt"));
        PairsProtocol test = PairsProtocol.read(lfw.resolve("pairsDevTest.txt"));
        assertEquals(1, train.folds());
        assertEquals(2200, train.size());
        assertEquals(1100, train.pairs().stream().filter(PairsProtocol.Pair::same).count());
        assertEquals(1000, test.size());
        assertEquals(500, test.pairs().stream().filter(PairsProtocol.Pair::same).count());
        assertEquals("Aaron_Peirsol/Aaron_Peirsol_0001.jpg", train.pairs().get(0).path1());
        for (PairsProtocol.Pair x : test.pairs()) {
            assertTrue(Files.isRegularFile(lfw.resolve(x.path1())) && Files.isRegularFile(lfw.resolve(x.path2())), x.toString());
        }
    }

    @Test
    void malformedFilesAreRefusedWithLineNumbers() throws IOException {
        Path f = dir.resolve("pairs.txt");
        Files.writeString(f, "2 1\nA 1 2\nA 1 B 2\nC 1 3\n");
        IOException e = assertThrows(IOException.class, () -> PairsProtocol.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Files.writeString(f, "1 1\nA 1 B 2\nA 1 2\n");
        e = assertThrows(IOException.class, () -> PairsProtocol.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("matched"), e.getMessage());
        Files.writeString(f, "1 1\nA 1 x\nA 1 B 2\n");
        e = assertThrows(IOException.class, () -> PairsProtocol.read(f));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(f, "1\nA 1 2\nA 1 B 2\nA 3 4\n");
        e = assertThrows(IOException.class, () -> PairsProtocol.read(f));
        assertTrue(e.getMessage().contains("more pairs"), e.getMessage());
        Files.writeString(f, "ten\n");
        assertThrows(IOException.class, () -> PairsProtocol.read(f));
    }

    @Test
    void imagePathsUseFourDigits() {
        assertEquals("Zico/Zico_0012.jpg", PairsProtocol.imagePath("Zico", 12));
    }
}
