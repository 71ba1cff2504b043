package oneshot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity-folder dataset feeding DJL's batch iteration through the P x K sampler. */
class IdentityFolderDatasetTest {
    @TempDir
    Path dir;

    private void image(String identity, String name, int rgb) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(identity));
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, "png", folder.resolve(name).toFile());
    }

    @Test
    void djlIterationGivesPkBatchesWithMatchingLabelsAndPixels() throws Exception {
        String[] people = {"ann", "bob", "cid", "dee"};
        for (int p = 0; p < people.length; p++) {
            for (int j = 0; j < 3; j++) {
                image(people[p], "img" + j + ".png", (p * 60) << 16); // red channel encodes the person
            }
        }
        image("eve", "only.png", 0xFFFFFF);
        Files.writeString(dir.resolve("ann/notes.txt"), "not an image");
        IdentityFolder folder = IdentityFolder.scan(dir);
        assertEquals(List.of("ann", "bob", "cid", "dee", "eve"), folder.identities());
        assertEquals(13, folder.size());

        PkSampler sampler = new PkSampler(folder.labels(), 2, 2, 3);
        IdentityFolderDataset ds = IdentityFolderDataset.builder(folder).setSampling(sampler).build();
        int batches = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (Batch b : ds.getData(m)) {
                try (b) {
                    NDArray x = b.getData().singletonOrThrow();
                    int[] labels = b.getLabels().singletonOrThrow().toType(ai.djl.ndarray.types.DataType.INT32, false)
                            .toIntArray();
                    assertEquals(4, labels.length);
                    assertEquals(4, x.getShape().get(0));
                    Map<Integer, Integer> perLabel = new HashMap<>();
                    for (int i = 0; i < labels.length; i++) {
                        perLabel.merge(labels[i], 1, Integer::sum);
                        // HWC uint8: the red value of pixel (0,0) is the person's index x 60.
                        int red = x.get(i).get(0, 0, 0).toType(ai.djl.ndarray.types.DataType.INT32, false).getInt();
                        assertEquals(labels[i] * 60, red);
                    }
                    for (int count : perLabel.values()) {
                        assertEquals(2, count, "K = 2 images per identity");
                    }
                    assertEquals(2, perLabel.size());
                    assertTrue(!perLabel.containsKey(4), "eve has one image and must not be sampled");
                    batches++;
                }
            }
        }
        assertEquals(2, batches);
    }

    @Test
    void missingOrEmptyFolderGivesAnErrorNamingIt() throws IOException {
        IOException e = assertThrows(IOException.class, () -> IdentityFolder.scan(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"));
        Files.createDirectories(dir.resolve("empty/person"));
        IOException e2 = assertThrows(IOException.class, () -> IdentityFolder.scan(dir.resolve("empty")));
        assertTrue(e2.getMessage().contains("no images"));
    }

    @Test
    void corruptImageErrorNamesTheFile() throws Exception {
        image("ann", "a.png", 0);
        Files.createDirectories(dir.resolve("bob"));
        Files.write(dir.resolve("bob/broken.jpg"), new byte[] {1, 2, 3});
        IdentityFolderDataset ds = IdentityFolderDataset.builder(IdentityFolder.scan(dir)).setSampling(1, false).build();
        try (NDManager m = NDManager.newBaseManager()) {
            IOException e = assertThrows(IOException.class, () -> ds.get(m, 1));
            assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
        }
    }
}
