package oneshot.embed;

import ai.djl.pytorch.jni.JniUtils;
import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.image.RgbImage;
import oneshot.concurrent.BranchHelper;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batched embedder gives the golden embeddings whatever the batch size or thread. */
class FaceEmbedderTest {
    static final String[] INPUTS = {"00_Aaron_Eckhart_0001", "01_George_W_Bush_0001", "02_Serena_Williams_0001",
            "03_Colin_Powell_0001"};
    static FaceModel model;
    static List<RgbImage> faces = new ArrayList<>();
    static float[][] expected = new float[4][];

    @BeforeAll
    static void load() throws IOException {
        model = GoldenWeights.model(LrnMode.TORCH);
        Path golden = SharedData.require("golden/nn4");
        List<String> rows = Files.readAllLines(golden.resolve("expected/embeddings.csv"));
        for (int i = 0; i < INPUTS.length; i++) {
            faces.add(RgbImage.of(ImageIO.read(golden.resolve("inputs/" + INPUTS[i] + ".png").toFile())));
            String[] f = rows.get(i + 1).split(",");
            assertEquals(INPUTS[i] + ".png", f[0]);
            expected[i] = new float[128];
            for (int j = 0; j < 128; j++) {
                expected[i][j] = Float.parseFloat(f[j + 1]);
            }
        }
    }

    /** Golden torch-LRN embedding of input i (loads the golden files if this class did not run first). */
    static float[] goldenOf(int i) throws IOException {
        Path golden = SharedData.require("golden/nn4");
        String[] f = Files.readAllLines(golden.resolve("expected/embeddings.csv")).get(i + 1).split(",");
        float[] v = new float[128];
        for (int j = 0; j < 128; j++) {
            v[j] = Float.parseFloat(f[j + 1]);
        }
        return v;
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static void assertGolden(float[][] got) {
        for (int i = 0; i < got.length; i++) {
            assertGolden(got[i], i);
        }
    }

    /** One embedding against the golden embedding of input {@code i}. */
    static void assertGolden(float[] got, int i) {
        double max = 0;
        double norm = 0;
        for (int j = 0; j < 128; j++) {
            max = Math.max(max, Math.abs(got[j] - expected[i][j]));
            norm += got[j] * got[j];
        }
        assertTrue(max <= 1e-6, INPUTS[i] + ": max |diff| " + max);
        assertEquals(1.0, Math.sqrt(norm), 1e-5, "unit vector");
    }

    @Test
    void batchSizesGiveTheGoldenEmbeddings() {
        for (int b : new int[] {1, 3, 4, 64}) {
            assertGolden(new FaceEmbedder(model, b).embed(faces));
        }
    }

    @Test
    void inferenceModeGivesTheGoldenEmbeddingsOnWorkersAndOnTorchThreads() throws IOException {
        try (FaceModel inference = GoldenWeights.model(LrnMode.TORCH).forInference()) {
            for (int b : new int[] {1, 3, 4, 64}) {
                assertGolden(new FaceEmbedder(inference, b).embed(faces));
                assertGolden(new FaceEmbedder(inference, b, true).embed(faces));
            }
            // 40 faces: several chunks on both workers, reassembled in input order
            List<RgbImage> many = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                many.add(faces.get(i % faces.size()));
            }
            float[][] got = new FaceEmbedder(inference, 40).embed(many);
            for (int i = 0; i < got.length; i++) {
                assertGolden(got[i], i % faces.size());
            }
        }
    }

    @Test
    void workersRunTorchSingleThreadedAndLeaveOtherThreadsAlone() throws Exception {
        new FaceEmbedder(model, 1).embed(faces.get(0)); // the engine is loaded
        int caller = JniUtils.getNumThreads();
        int freshBefore = countInNewThread();
        ThreadPoolExecutor workers = InferenceWorkers.start(2);
        try {
            for (int i = 0; i < 4; i++) {
                assertEquals(1, workers.submit(JniUtils::getNumThreads).get(), "a worker's Torch thread count");
            }
        } finally {
            workers.shutdown();
        }
        assertEquals(caller, JniUtils.getNumThreads(), "the caller's Torch thread count");
        assertEquals(freshBefore, countInNewThread(), "threads started afterwards");
    }

    private static int countInNewThread() throws InterruptedException {
        int[] n = new int[1];
        Thread t = new Thread(() -> n[0] = JniUtils.getNumThreads());
        t.start();
        t.join();
        return n[0];
    }

    @Test
    void aSingleFaceLendsItsBranchesToTheIdleWorkerAndGetsTheSameVector() throws IOException {
        try (FaceModel inference = GoldenWeights.model(LrnMode.TORCH).forInference()) {
            AtomicInteger lent = new AtomicInteger();
            BranchHelper counting = new BranchHelper() {
                @Override
                public <T> Future<T> offer(Callable<T> task) {
                    Future<T> f = InferenceWorkers.BRANCH_HELPER.offer(task);
                    if (f != null) {
                        lent.incrementAndGet();
                    }
                    return f;
                }
            };
            FaceEmbedder e = new FaceEmbedder(inference, 1, counting);
            for (int i = 0; i < faces.size(); i++) {
                assertGolden(e.embed(faces.get(i)), i);
            }
            assertTrue(lent.get() > 0, "no branch was ever run on the idle worker");
        }
    }

    @Test
    void singleFacesLeaveNothingBehindInTheModelsMemory() throws IOException {
        try (FaceModel inference = GoldenWeights.model(LrnMode.TORCH).forInference()) {
            FaceEmbedder e = new FaceEmbedder(inference, 1);
            e.embed(faces.get(0)); // warm: constants made once (LRN bands)
            int before = inference.model().getNDManager().getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                e.embed(faces.get(i % faces.size()));
            }
            assertEquals(before, inference.model().getNDManager().getManagedArrays().size(),
                    "arrays left attached to the model after 20 single-face passes");
        }
    }

    @Test
    void aBadWorkerCountIsRefusedByName() {
        String before = System.getProperty(InferenceWorkers.WORKERS_PROPERTY);
        try {
            for (String bad : new String[] {"0", "two", "-1"}) {
                System.setProperty(InferenceWorkers.WORKERS_PROPERTY, bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, InferenceWorkers::count);
                assertTrue(e.getMessage().contains(InferenceWorkers.WORKERS_PROPERTY) && e.getMessage().contains(bad),
                        e.getMessage());
            }
            System.setProperty(InferenceWorkers.WORKERS_PROPERTY, " 3 ");
            assertEquals(3, InferenceWorkers.count());
        } finally {
            if (before == null) {
                System.clearProperty(InferenceWorkers.WORKERS_PROPERTY);
            } else {
                System.setProperty(InferenceWorkers.WORKERS_PROPERTY, before);
            }
        }
    }

    @Test
    void threadsShareOneEmbedder() throws Exception {
        FaceEmbedder e = new FaceEmbedder(model, 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[][]>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runs.add(pool.submit(() -> e.embed(faces)));
            }
            for (Future<float[][]> f : runs) {
                assertGolden(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void otherSizesAreResizedAndCounted() {
        RgbImage big = new RgbImage(192, 192, new byte[192 * 192 * 3]);
        FaceEmbedder e = new FaceEmbedder(model, 8);
        float[] v = e.embed(big);
        assertEquals(128, v.length);
        assertEquals(1, e.resizedCount());
    }
}
