package oneshot.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTableTest {
    @TempDir
    Path dir;

    static EmbeddingTable sample(int n, int dim) {
        Random r = new Random(3);
        EmbeddingTable.Builder b = new EmbeddingTable.Builder("nn4.small2.v1-test");
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = (float) r.nextGaussian() * (d == 0 ? 1e-7f : 1f); // tiny values must survive the text format too
            }
            b.add("Person_" + (i % 3) + "/Person_" + (i % 3) + "_000" + i + ".jpg", "Person_" + (i % 3), v);
        }
        return b.build();
    }

    static void assertSameTable(EmbeddingTable a, EmbeddingTable b) {
        assertEquals(a.modelId(), b.modelId());
        assertEquals(a.paths(), b.paths());
        assertEquals(a.labels(), b.labels());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.vector(i), b.vector(i), 0f, "row " + i);
        }
    }

    @Test
    void csvRoundTripIsExactAndCarriesTheModelId() throws IOException {
        EmbeddingTable t = sample(7, 128);
        Path f = dir.resolve("emb.csv");
        t.write(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals("# model=nn4.small2.v1-test", lines.get(0));
        assertTrue(lines.get(1).startsWith("path,label,e0,e1,"));
        assertTrue(lines.get(1).endsWith(",e127"));
        assertEquals(9, lines.size());
        assertSameTable(t, EmbeddingTable.read(f));
    }

    @Test
    void csvWithoutModelLineReads() throws IOException {
        Path f = dir.resolve("plain.csv");
        Files.writeString(f, "path,label,e0,e1\na/a_0001.jpg,a,0.6,0.8\nb/b_0001.jpg,b,1,0\n");
        EmbeddingTable t = EmbeddingTable.read(f);
        assertEquals("", t.modelId());
        assertEquals(2, t.dim());
        assertArrayEquals(new float[] {0.6f, 0.8f}, t.vector(0));
        assertEquals(1, t.indexOf("b/b_0001.jpg"));
    }

    @Test
    void binaryRoundTripIsExact() throws IOException {
        EmbeddingTable t = sample(11, 128);
        Path f = dir.resolve("emb.emb");
        t.write(f);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals('O', bytes[0]);
        assertSameTable(t, EmbeddingTable.read(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void truncatedBinaryIsRefusedWithTheFileName() throws IOException {
        Path f = dir.resolve("emb.bin");
        sample(5, 128).writeBinary(f);
        byte[] bytes = Files.readAllBytes(f);
        for (int cut : new int[] {bytes.length - 1, bytes.length - 100, 30, 10}) {
            Path g = dir.resolve("cut" + cut + ".bin");
            Files.write(g, java.util.Arrays.copyOf(bytes, cut));
            IOException e = assertThrows(IOException.class, () -> EmbeddingTable.read(g), "cut at " + cut);
            assertTrue(e.getMessage().contains(g.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void flippedByteFailsTheChecksum() throws IOException {
        Path f = dir.resolve("emb.bin");
        sample(5, 128).writeBinary(f);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 200] ^= 0x10;
        Files.write(f, bytes);
        IOException e = assertThrows(IOException.class, () -> EmbeddingTable.read(f));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void badCsvRowsNameTheLine() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "path,label,e0,e1\na.jpg,a,0.1,0.2\nb.jpg,b,0.1\n");
        IOException e = assertThrows(IOException.class, () -> EmbeddingTable.read(f));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(f, "path,label,e0,e1\na.jpg,a,0.1,x\n");
        e = assertThrows(IOException.class, () -> EmbeddingTable.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("e1"), e.getMessage());
        Files.writeString(f, "file,e0,e1\n");
        e = assertThrows(IOException.class, () -> EmbeddingTable.read(f));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        assertThrows(IOException.class, () -> EmbeddingTable.read(dir.resolve("missing.csv")));
    }

    @Test
    void csvRefusesPathsWithCommas() {
        EmbeddingTable t = new EmbeddingTable("m", List.of("a,b.jpg"), List.of("a"), new float[][] {{1f}});
        assertThrows(IllegalArgumentException.class, () -> t.writeCsv(dir.resolve("x.csv")));
    }

    @org.junit.jupiter.api.Test
    void pairsNamingJpegFindTheAlignedPngRow() {
        EmbeddingTable t = new EmbeddingTable("m", java.util.List.of("A/A_0001.png", "B/B_0001.jpg"), java.util.List.of("A", "B"),
                new float[][] {{1f}, {2f}});
        org.junit.jupiter.api.Assertions.assertEquals(0, t.indexOf("A/A_0001.jpg"));
        org.junit.jupiter.api.Assertions.assertEquals(1, t.indexOf("B/B_0001.jpg"));
        org.junit.jupiter.api.Assertions.assertEquals(-1, t.indexOf("A/A_0002.jpg"));
        org.junit.jupiter.api.Assertions.assertEquals(-1, t.indexOf("A/A_0001"), "no extension is not the png row");
    }
}
