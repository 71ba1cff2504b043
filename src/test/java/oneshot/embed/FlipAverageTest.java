package oneshot.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.image.RgbImage;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.net.ModelManifest;
import oneshot.net.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test-time flip averaging on the golden weights: a flip model's vector of a face is the renormalised mean of the plain
 * model's vectors of the face (the golden one) and of its mirror image, so it is the same for the face and its mirror;
 * and it gets its own model id.
 */
class FlipAverageTest {
    @TempDir
    Path tmp;

    private static RgbImage mirror(RgbImage im) {
        byte[] out = new byte[im.rgb().length];
        for (int y = 0; y < im.height(); y++) {
            for (int x = 0; x < im.width(); x++) {
                System.arraycopy(im.rgb(), (y * im.width() + x) * 3, out, (y * im.width() + im.width() - 1 - x) * 3, 3);
            }
        }
        return new RgbImage(im.width(), im.height(), out);
    }

    private static RgbImage golden(String name) throws IOException {
        return RgbImage.of(ImageIO.read(SharedData.require("golden/nn4").resolve("inputs/" + name + ".png").toFile()));
    }

    @Test
    void mirroredTensorIsTheTensorOfTheMirroredImage() throws IOException {
        RgbImage face = golden(FaceEmbedderTest.INPUTS[1]);
        float[] two = new float[2 * FaceTensor.VALUES];
        FaceTensor.write(face, two, 0);
        FaceTensor.write(mirror(face), two, FaceTensor.VALUES);
        float[] expected = new float[2 * FaceTensor.VALUES];
        FaceTensor.write(mirror(face), expected, 0);
        FaceTensor.write(face, expected, FaceTensor.VALUES);
        assertArrayEquals(expected, FaceTensor.mirrored(two, 2, FaceTensor.SIZE));
    }

    @Test
    void flipVectorIsTheMeanOfFaceAndMirrorAndTheSameForBoth() throws IOException {
        RgbImage face = golden(FaceEmbedderTest.INPUTS[0]);
        try (FaceModel plain = GoldenWeights.model(LrnMode.TORCH); FaceModel flip = GoldenWeights.model(LrnMode.TORCH)) {
            flip.manifest().flipAverage = true;
            float[] f = new FaceEmbedder(plain, 4).embed(face);
            float[] m = new FaceEmbedder(plain, 4).embed(mirror(face));
            assertArrayEquals(FaceEmbedderTest.goldenOf(0), f, 1e-6f,
                    "the plain model gives the golden vector");
            float[] mean = new float[f.length];
            for (int j = 0; j < mean.length; j++) {
                mean[j] = f[j] + m[j];
            }
            FaceEmbedder.unitNormalise(mean);
            float[][] got = new FaceEmbedder(flip, 4).embed(List.of(face, mirror(face)));
            assertArrayEquals(mean, got[0], 1e-6f);
            assertArrayEquals(got[0], got[1], 1e-6f, "a face and its mirror image get one vector");
            double d = 0;
            for (int j = 0; j < f.length; j++) {
                d += (f[j] - m[j]) * (f[j] - m[j]);
            }
            assertTrue(d > 1e-4, "the face and its mirror differ for the plain model, so the check is not vacuous: " + d);
        }
    }

    @Test
    void aFlipModelHasItsOwnId() throws IOException {
        try (FaceModel m = GoldenWeights.model(LrnMode.TORCH)) {
            ModelStore.save(m, tmp, "m");
            ModelManifest plain = ModelManifest.read(ModelStore.manifestFile(tmp, "m"));
            ModelStore.setFlipAverage(tmp, "m", true);
            ModelManifest flipped = ModelManifest.read(ModelStore.manifestFile(tmp, "m"));
            assertEquals(plain.parametersSha256, flipped.parametersSha256, "same weights");
            assertEquals(plain.modelId + ModelStore.FLIP_ID_SUFFIX, flipped.modelId);
            try (FaceModel again = ModelStore.load(tmp, "m", null)) {
                assertTrue(again.flipAverage(), "the flag survives a load");
            }
            m.manifest().flipAverage = true;
            ModelStore.save(m, tmp.resolve("copy"), "m");
            assertTrue(ModelManifest.read(ModelStore.manifestFile(tmp.resolve("copy"), "m")).modelId
                    .endsWith(ModelStore.FLIP_ID_SUFFIX), "saving a flip model gives the suffixed id");
            ModelStore.setFlipAverage(tmp, "m", false);
            assertEquals(plain.modelId, ModelManifest.read(ModelStore.manifestFile(tmp, "m")).modelId, "and back");
        }
    }
}
