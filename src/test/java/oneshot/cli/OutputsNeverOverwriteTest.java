package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.imageio.ImageIO;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every writer refuses what is not its own output, and replaces its own only with --force (issue 16, item 1). */
class OutputsNeverOverwriteTest {
    @TempDir
    Path dir;

    private Path db;
    private Path photo;
    private FakeFaceEncoder encoder;

    @BeforeEach
    void setUp() throws IOException {
        db = dir.resolve("gallery.db");
        photo = dir.resolve("ann.png");
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", photo.toFile());
        float[] v = new float[128];
        v[3] = 1;
        encoder = new FakeFaceEncoder("m1").with("ann.png", new EncodedFace(new FaceBox(4, 4, 20, 20), 0.99,
                Vectors.normalized(v), "fake"));
        assertEquals(0, CliRun.of(new EnrollCommand(() -> encoder), "--gallery", db.toString(), "--name", "Ann", "--image",
                photo.toString()).code());
    }

    private CliRun identify(String... more) {
        String[] args = new String[more.length + 4];
        System.arraycopy(new String[] {"--gallery", db.toString(), "--image", photo.toString()}, 0, args, 0, 4);
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.of(new IdentifyCommand(() -> encoder), args);
    }

    @Test
    void annotateNeverReplacesTheGalleryTheImageOrAForeignFile() throws IOException {
        byte[] gallery = Files.readAllBytes(db);
        CliRun plain = identify("--annotate", db.toString());
        assertEquals(2, plain.code(), plain.toString());
        assertArrayEquals(gallery, Files.readAllBytes(db), "the gallery is untouched");
        CliRun r = identify("--annotate", db.toString(), "--force");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("Refusing to write " + db + ": it is also an input of this run"), r.err());
        assertArrayEquals(gallery, Files.readAllBytes(db), "the gallery is untouched");
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            assertEquals(1, store.embeddingCount());
        }

        byte[] image = Files.readAllBytes(photo);
        r = identify("--annotate", photo.toString(), "--force");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("is also an input of this run"), r.err());
        assertArrayEquals(image, Files.readAllBytes(photo));

        Path notes = Files.writeString(dir.resolve("notes.png"), "my notes");
        assertEquals(2, identify("--annotate", notes.toString()).code());
        r = identify("--annotate", notes.toString(), "--force");
        assertEquals(2, r.code(), r.toString());
        assertEquals("my notes", Files.readString(notes));
    }

    @Test
    void annotateReplacesItsOwnPngOnlyWithForceAndOwnerOnly() throws IOException {
        Path png = dir.resolve("out/annotated.png");
        assertEquals(0, identify("--annotate", png.toString()).code());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(png)), "it shows names");
        CliRun again = identify("--annotate", png.toString());
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(0, identify("--annotate", png.toString(), "--force").code());
    }

    @Test
    void embedNeverWritesItsTablesOverTheGalleryOrOtherFiles() throws IOException {
        byte[] gallery = Files.readAllBytes(db);
        CliRun r = CliRun.of(new EmbedCommand(), "--input", photo.toString(), "--out", db.toString(), "--force");
        assertEquals(2, r.code(), r.toString());
        assertArrayEquals(gallery, Files.readAllBytes(db));
        Path csv = Files.writeString(dir.resolve("people.csv"), "name,phone\nann,123\n");
        r = CliRun.of(new EmbedCommand(), "--input", photo.toString(), "--out", csv.toString(), "--force");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("is not an embedding CSV"), r.err());
        Path emb = Files.writeString(dir.resolve("t.emb"), "not ours");
        r = CliRun.of(new EmbedCommand(), "--input", photo.toString(), "--out", dir.resolve("t.csv").toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("not ours", Files.readString(emb));
    }

    @Test
    void evaluateNeverWritesIntoAFolderOfOtherFiles() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(folder.resolve("report.html"), "mine");
        java.util.Random rnd = new java.util.Random(5);
        java.util.List<String> paths = new java.util.ArrayList<>();
        java.util.List<String> labels = new java.util.ArrayList<>();
        float[][] vectors = new float[6][];
        for (int i = 0; i < 6; i++) {
            labels.add("p" + i / 2);
            paths.add("p" + i / 2 + "/" + i + ".png");
            float[] v = new float[128];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) rnd.nextGaussian();
            }
            vectors[i] = Vectors.normalized(v);
        }
        Path emb = dir.resolve("x.emb");
        new oneshot.embed.EmbeddingTable("m1", paths, labels, vectors).writeBinary(emb);
        CliRun r = CliRun.of(new EvaluateCommand(), "--embeddings", emb.toString(), "--bootstrap", "0", "--no-plots",
                "--out", folder.toString(), "--force");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("is a folder with other files in it"), r.err());
        assertEquals("mine", Files.readString(folder.resolve("report.html")));
    }
}
