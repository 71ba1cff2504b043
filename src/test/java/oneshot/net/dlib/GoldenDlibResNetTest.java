package oneshot.net.dlib;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import oneshot.embed.FaceEmbedder;
import oneshot.image.RgbImage;
import oneshot.net.ChannelsLast;
import oneshot.net.FaceModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import oneshot.concurrent.OtherThreadHelper;
import oneshot.embed.LendingView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The port against face-api.js's descriptors of the 115 golden dlib chips (golden/dlib-chip README: within 1e-4
 * absolute per value), through the real importer: the reference path, the inference path (folded, channels-last) and the
 * embedder (workers, batches, unit-normalised).
 */
class GoldenDlibResNetTest {
    static final double ATOL = 1e-4;

    static DlibGoldenChips golden;
    static FaceModel reference;
    static FaceModel folded;

    @BeforeAll
    static void load() throws IOException {
        golden = DlibGoldenChips.load();
        reference = DlibImport.read(DlibImport.defaultSource());
        folded = DlibImport.read(DlibImport.defaultSource()).forInference();
    }

    @AfterAll
    static void close() {
        reference.close();
        folded.close();
    }

    /** Raw network output for chips [from, from + n), channels-first or channels-last input. */
    static float[][] forward(FaceModel m, float[] chw, int n, boolean channelsLast) {
        return forward(m, m.network().block(), chw, n, channelsLast);
    }

    /** The same through {@code block}: the network's own or a view of it. */
    static float[][] forward(FaceModel m, Block block, float[] chw, int n, boolean channelsLast) {
        int s = FaceRecognitionNet.INPUT_SIZE;
        try (NDManager mgr = m.model().getNDManager().newSubManager()) {
            NDArray x = channelsLast ? ChannelsLast.input(mgr, ChannelsLast.fromChw(chw, n, s, s), n, s, s)
                    : mgr.create(chw, new Shape(n, 3, s, s));
            NDArray y = block.forward(new ParameterStore(mgr, false), new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(n, 128), y.getShape());
            float[] flat = y.toFloatArray();
            float[][] out = new float[n][128];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * 128, out[i], 0, 128);
            }
            return out;
        }
    }

    /** Largest |a - b| over every value; fails naming the chip when above {@code atol}. */
    static double maxDiff(float[][] got, float[][] want, int from, double atol, String what) {
        double max = 0;
        for (int i = 0; i < got.length; i++) {
            for (int k = 0; k < 128; k++) {
                double d = Math.abs(got[i][k] - want[from + i][k]);
                assertTrue(d <= atol, what + ": " + golden.paths().get(from + i) + " e" + k + " differs by " + d);
                max = Math.max(max, d);
            }
        }
        return max;
    }

    @Test
    void referencePathMatchesFaceApiOnAll115Chips() throws IOException {
        assertEquals(115, golden.size());
        double max = 0;
        for (int i = 0; i < golden.size(); i++) {
            max = Math.max(max, maxDiff(forward(reference, golden.tensors(i, 1), 1, false), golden.descriptors(), i, ATOL,
                    "reference path"));
        }
        System.out.printf("dlib-resnet34 reference path: max |diff| %.3g over %d chips x 128%n", max, golden.size());
    }

    @Test
    void inferencePathFoldedChannelsLastMatchesFaceApi() throws IOException {
        double max = 0;
        int batch = 23; // 115 = 5 x 23: several chips per pass
        for (int from = 0; from < golden.size(); from += batch) {
            max = Math.max(max, maxDiff(forward(folded, golden.tensors(from, batch), batch, true), golden.descriptors(), from,
                    ATOL, "folded channels-last"));
        }
        System.out.printf("dlib-resnet34 folded channels-last, batch %d: max |diff| %.3g%n", batch, max);
    }

    @Test
    void convHalvesOnAnotherThreadGiveTheSameDescriptors() throws Exception {
        try (OtherThreadHelper always = new OtherThreadHelper()) {
            float[] chips = golden.tensors(40, 3);
            float[][] whole = forward(folded, chips, 3, true);
            float[][] halves = forward(folded, LendingView.of(folded.network(), always), chips, 3, true);
            assertEquals(29, always.offers(), "every conv lent its second half");
            maxDiff(halves, golden.descriptors(), 40, ATOL, "conv halves");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(whole[i], halves[i], 1e-6f);
            }
        }
    }

    @Test
    void embedderGivesTheUnitNormalisedDescriptorsAndBatchesEqualSingles() throws IOException {
        List<RgbImage> chips = new ArrayList<>();
        for (int i = 0; i < golden.size(); i++) {
            chips.add(golden.chip(i));
        }
        float[][] batched = new FaceEmbedder(folded, 32).embed(chips);
        FaceEmbedder single = new FaceEmbedder(folded, 1);
        float[][] unit = new float[golden.size()][];
        double maxBatch = 0;
        for (int i = 0; i < golden.size(); i++) {
            unit[i] = golden.descriptors()[i].clone();
            double norm = 0;
            for (float v : unit[i]) {
                norm += (double) v * v;
            }
            for (int k = 0; k < 128; k++) {
                unit[i][k] = (float) (unit[i][k] / Math.sqrt(norm));
            }
            float[] one = single.embed(chips.get(i));
            for (int k = 0; k < 128; k++) {
                maxBatch = Math.max(maxBatch, Math.abs(one[k] - batched[i][k]));
            }
        }
        assertEquals(0, single.resizedCount());
        // a server's face worker (one Torch thread) runs a single face's forward itself: the same descriptors
        java.util.concurrent.ThreadPoolExecutor faceWorker = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                new oneshot.net.SingleTorchThreadFactory("test-face-worker", 1));
        try {
            for (int i = 0; i < golden.size(); i += 7) {
                int at = i;
                float[] here = faceWorker.submit(() -> single.embed(chips.get(at))).get();
                for (int k = 0; k < 128; k++) {
                    maxBatch = Math.max(maxBatch, Math.abs(here[k] - batched[i][k]));
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            faceWorker.shutdown();
        }
        double max = maxDiff(batched, unit, 0, ATOL, "embedder (unit-normalised)");
        assertTrue(maxBatch <= 1e-6, "batch 32 vs batch 1 (on the workers and on a face worker) differ by " + maxBatch);
        System.out.printf("dlib-resnet34 embedder: max |diff| to unit-normalised golden %.3g; batch 32 vs 1 %.3g%n", max,
                maxBatch);
    }
}
