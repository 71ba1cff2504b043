package oneshot.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one rule by which pairs files, reports and the training evaluation find a table's rows. */
class EmbeddingTableLookupTest {
    private static EmbeddingTable table(String... paths) {
        EmbeddingTable.Builder b = new EmbeddingTable.Builder("m");
        for (String p : paths) {
            b.add(p, ImageFiles.label(p), new float[] {1, 0});
        }
        return b.build();
    }

    @Test
    void pairsNamesFindTheAlignedCachesPngAndAbsolutePaths() {
        EmbeddingTable t = table("Abel_Pacheco/Abel_Pacheco_0001.png", "/data/lfw/Ann/Ann_0002.jpg", "x/y/Bo/Bo_0003.jpeg");
        assertEquals(0, t.indexOf("Abel_Pacheco/Abel_Pacheco_0001.jpg"), "Embed's PNG row for the pairs file's JPEG");
        assertEquals(0, t.indexOf("Abel_Pacheco/Abel_Pacheco_0001.png"), "exact");
        assertEquals(1, t.indexOf("Ann/Ann_0002.jpg"), "absolute path in the table, relative in the pairs file");
        assertEquals(2, t.indexOf("Bo/Bo_0003.jpg"));
        assertEquals(-1, t.indexOf("Abel_Pacheco/Abel_Pacheco_0002.jpg"));
        assertEquals(-1, t.indexOf("Other/Abel_Pacheco_0001.jpg"), "the folder is part of the key");
    }

    @Test
    void keysDropOnlyTheExtensionOfTheFileName() {
        assertEquals("a.b/c", EmbeddingTable.lookupKey("/x/a.b/c.png"));
        assertEquals("a/c", EmbeddingTable.lookupKey("a\\c.jpg"));
        assertEquals("c", EmbeddingTable.lookupKey("c.jpg"));
        assertEquals("a/.hidden", EmbeddingTable.lookupKey("a/.hidden"));
    }
}
