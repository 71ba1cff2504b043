package oneshot.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.image.RgbImage;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.net.Nn4Small2;
import org.junit.jupiter.api.Test;

/**
 * The frozen prefix on the inference path (what the prefix cache is built with) against the training model's own
 * layers, on the golden weights and the golden faces: same values to float32 rounding, faces kept in order across the
 * workers' chunks, and the training model left as it was.
 */
class FrozenPrefixTest {
    /** Stages up to and including inception_3b: the cut the default recipe caches. */
    private static final int CUT = Nn4Small2.STAGES.indexOf("inception_3b") + 1;

    private static float[] goldenFaces(int n) throws IOException {
        Path golden = SharedData.require("golden/nn4");
        float[] chw = new float[n * FaceTensor.VALUES];
        for (int i = 0; i < n; i++) {
            String name = FaceEmbedderTest.INPUTS[i % FaceEmbedderTest.INPUTS.length];
            RgbImage face = RgbImage.of(ImageIO.read(golden.resolve("inputs/" + name + ".png").toFile()));
            FaceTensor.write(face, chw, i * FaceTensor.VALUES);
        }
        if (n > FaceEmbedderTest.INPUTS.length) {
            // the repeats mirrored, so every face of the batch differs
            float[] mirrored = FaceTensor.mirrored(chw, n, FaceTensor.SIZE);
            int from = FaceEmbedderTest.INPUTS.length * FaceTensor.VALUES;
            System.arraycopy(mirrored, from, chw, from, chw.length - from);
        }
        return chw;
    }

    /** The training model's stages 0..CUT-1, unfolded batch norm in inference mode, N,C,H,W, Torch's own threads. */
    private static float[] trainingLayers(FaceModel model, float[] chw, int n) {
        List<ai.djl.nn.Block> stages = model.net().block().getChildren().values();
        try (NDManager m = NDManager.newBaseManager()) {
            NDList x = new NDList(m.create(chw, new Shape(n, 3, FaceTensor.SIZE, FaceTensor.SIZE)));
            ParameterStore ps = new ParameterStore(m, false);
            for (int i = 0; i < CUT; i++) {
                x = stages.get(i).forward(ps, x, false);
            }
            NDArray y = x.singletonOrThrow();
            assertEquals(new Shape(n, 320, 12, 12), y.getShape());
            return y.toFloatArray();
        }
    }

    @Test
    void inferencePathGivesTheTrainingLayersOutputInOrderAndLeavesTheModelAlone() throws IOException {
        int n = 11; // more than one chunk per worker would take at once: 6 + 5 on two workers
        float[] chw = goldenFaces(n);
        try (FaceModel model = GoldenWeights.model(LrnMode.TORCH)) {
            float[] before = trainingLayers(model, chw, n);
            float[] fast;
            try (FaceModel copy = model.inferenceCopy()) {
                fast = new FrozenPrefix(copy, CUT).outputs(chw, n);
            }
            assertEquals(before.length, fast.length);
            int row = before.length / n;
            double maxAbs = 0;
            for (float v : before) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
            assertTrue(maxAbs > 0.1, "a real activation range, got " + maxAbs);
            // float32 rounding of folded batch norm and other kernels; the cache stores float16 (relative 1e-3)
            double tol = 1e-4 * maxAbs;
            for (int i = 0; i < n; i++) {
                double d = 0;
                double toNext = 0;
                for (int j = 0; j < row; j++) {
                    d = Math.max(d, Math.abs(before[i * row + j] - fast[i * row + j]));
                    toNext = Math.max(toNext, Math.abs(before[((i + 1) % n) * row + j] - fast[i * row + j]));
                }
                assertTrue(d < tol, "face " + i + ": max difference " + d + " >= " + tol);
                assertTrue(toNext > 100 * tol, "face " + i + " must not match its neighbour's row (" + toNext + ")");
            }
            // the copy shares no arrays: the training model still computes what it did (batch norm not folded into it)
            assertArrayEquals(before, trainingLayers(model, chw, n), 0f);
        }
    }

    @Test
    void stageCountOutsideTheNetworkIsRefused() throws IOException {
        try (FaceModel model = GoldenWeights.model(LrnMode.TORCH); FaceModel copy = model.inferenceCopy()) {
            assertThrows(IllegalArgumentException.class, () -> new FrozenPrefix(copy, 0));
            assertThrows(IllegalArgumentException.class, () -> new FrozenPrefix(copy, Nn4Small2.STAGES.size() + 5));
        }
    }
}
