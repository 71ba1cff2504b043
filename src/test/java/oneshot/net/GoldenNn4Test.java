package oneshot.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import oneshot.GoldenWeights;
import oneshot.Npy;
import oneshot.SharedData;
import oneshot.embed.FaceTensor;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The port against ../shared/golden/nn4: a float64 NumPy reference of the spec, on the complete weight set imported
 * through the real importer. Tolerances are the golden README's recommended absolute ones.
 */
class GoldenNn4Test {
    static final List<String> INPUTS = List.of("00_Aaron_Eckhart_0001", "01_George_W_Bush_0001",
            "02_Serena_Williams_0001", "03_Colin_Powell_0001");
    static final Map<String, Double> ATOL = Map.of("stem", 1e-5, "inception_3b", 1e-5, "inception_4a", 2e-5,
            "inception_5b", 2e-5, "dense", 2e-6, "embedding", 1e-6);

    static FaceModel torch;

    @BeforeAll
    static void load() throws IOException {
        torch = GoldenWeights.model(LrnMode.TORCH);
    }

    @AfterAll
    static void close() {
        torch.close();
    }

    static Path golden(String rel) {
        return SharedData.require("golden/nn4").resolve(rel);
    }

    static float[] input(String stem) throws IOException {
        RgbImage img = RgbImage.of(ImageIO.read(golden("inputs/" + stem + ".png").toFile()));
        return FaceTensor.of(img);
    }

    @Test
    void decodedPngEqualsGoldenInputTensor() throws IOException {
        for (String in : INPUTS) {
            Npy expected = Npy.read(golden("expected/" + in + "/input.npy"));
            assertArrayEquals(expected.data, input(in), 0f, in);
        }
    }

    @Test
    void parameterCountIsOpenFaces() {
        long trainable = 0;
        for (var p : torch.net().block().getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                trainable += p.getValue().getArray().size();
            }
        }
        assertEquals(3_733_968L, trainable);
        assertEquals(37, torch.net().convs().size());
    }

    @Test
    void everyTapMatchesTorchLrnReference() throws IOException {
        for (String in : INPUTS) {
            Map<String, float[]> taps = runTaps(torch, input(in));
            for (String tap : ATOL.keySet()) {
                Npy expected = Npy.read(golden("expected/" + in + "/" + tap + ".npy"));
                float[] got = taps.get(tap);
                assertEquals(expected.data.length, got.length, in + " " + tap + " size");
                double maxDiff = maxAbsDiff(expected.data, got);
                assertTrue(maxDiff <= ATOL.get(tap), in + " tap " + tap + ": max |diff| " + maxDiff + " > " + ATOL.get(tap));
            }
        }
    }

    @Test
    void inferenceModeStillMatchesEveryTap() throws IOException {
        try (FaceModel folded = GoldenWeights.model(LrnMode.TORCH).forInference()) {
            for (String in : INPUTS) {
                Map<String, float[]> taps = runTaps(folded, input(in), true);
                for (String tap : ATOL.keySet()) {
                    double maxDiff = maxAbsDiff(Npy.read(golden("expected/" + in + "/" + tap + ".npy")).data, taps.get(tap));
                    assertTrue(maxDiff <= ATOL.get(tap), "folded " + in + " " + tap + ": " + maxDiff);
                }
            }
        }
    }

    @Test
    void kerasLrnEmbeddingsMatchKerasReference() throws IOException {
        Map<String, float[]> expected = readEmbeddingCsv(golden("expected/embeddings_keras_lrn.csv"));
        Map<String, float[]> torchExpected = readEmbeddingCsv(golden("expected/embeddings.csv"));
        try (FaceModel keras = GoldenWeights.model(LrnMode.KERAS);
                FaceModel kerasInference = GoldenWeights.model(LrnMode.KERAS).forInference()) {
            for (String in : INPUTS) {
                float[] got = runTaps(keras, input(in)).get("embedding");
                float[] inference = runTaps(kerasInference, input(in), true).get("embedding");
                assertTrue(maxAbsDiff(expected.get(in + ".png"), inference) <= 1e-6, in + ": keras-LRN inference mode");
                double d = maxAbsDiff(expected.get(in + ".png"), got);
                assertTrue(d <= 1e-6, in + ": keras-LRN embedding max |diff| " + d);
                // The two LRN modes must be told apart, else this test could not fail on a mode mix-up.
                assertTrue(maxAbsDiff(torchExpected.get(in + ".png"), got) > 1e-6, "keras and torch LRN indistinguishable");
            }
        }
    }

    /** Runs the network stage by stage and keeps the golden taps. */
    static Map<String, float[]> runTaps(FaceModel m, float[] chw) {
        return runTaps(m, chw, false);
    }

    /** {@code channelsLast}: feed the input as the inference path does (an N,H,W,C array seen as N,C,H,W). */
    static Map<String, float[]> runTaps(FaceModel m, float[] chw, boolean channelsLast) {
        Map<String, float[]> taps = new HashMap<>();
        try (NDManager mgr = m.model().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(mgr, false);
            NDList x = new NDList(channelsLast ? ChannelsLast.input(mgr, ChannelsLast.fromChw(chw, 1, 96, 96), 1, 96, 96)
                    : mgr.create(chw, new Shape(1, 3, 96, 96)));
            int i = 0;
            for (Block stage : m.net().block().getChildren().values()) {
                x = stage.forward(ps, x, false);
                String name = Nn4Small2.STAGES.get(i++);
                if (ATOL.containsKey(name)) {
                    NDArray a = x.singletonOrThrow();
                    taps.put(name, a.toFloatArray());
                }
            }
        }
        return taps;
    }

    static Map<String, float[]> readEmbeddingCsv(Path p) throws IOException {
        Map<String, float[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(p);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            float[] v = new float[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                v[i - 1] = Float.parseFloat(f[i]);
            }
            out.put(f[0], v);
        }
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }
}
