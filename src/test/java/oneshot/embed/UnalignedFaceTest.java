package oneshot.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.image.RgbImage;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.train.FaceInput;
import org.junit.jupiter.api.Test;

/**
 * One stand-in for unaligned input: golden/nn4's crop of LFW, and both callers (the embedder behind Embed, and training's
 * FaceInput) give exactly what {@link UnalignedFace} gives, so the same file is the same input wherever it goes.
 */
class UnalignedFaceTest {
    private static final String[] INPUTS = {"Aaron_Eckhart", "George_W_Bush", "Serena_Williams", "Colin_Powell"};

    private static Path lfw(String person) {
        return SharedData.require("data/lfw/" + person + "/" + person + "_0001.jpg");
    }

    private static RgbImage decode(Path file) throws IOException {
        return FaceInput.decode(file); // the one decoder, its errors as IOException
    }

    /** golden/nn4's inputs are Pillow's crop (70, 70, 180, 180) of the 250x250 images, bilinear to 96x96. */
    @Test
    void theCropIsGoldenNn4sCropOfLfw() throws IOException {
        for (int i = 0; i < INPUTS.length; i++) {
            RgbImage ours = UnalignedFace.toInputSize(decode(lfw(INPUTS[i])), 96);
            RgbImage golden = RgbImage.of(ImageIO.read(SharedData.require(String.format("golden/nn4/inputs/%02d_%s_0001.png",
                    i, INPUTS[i])).toFile()));
            double sum = 0;
            int max = 0;
            for (int k = 0; k < golden.rgb().length; k++) {
                int d = Math.abs((ours.rgb()[k] & 0xff) - (golden.rgb()[k] & 0xff));
                sum += d;
                max = Math.max(max, d);
            }
            double mean = sum / golden.rgb().length;
            // Java2D's bilinear samples 2x2 pixels; Pillow's widens its filter by the 110/96 scale: small differences
            // on edges (measured: mean 0.35-0.54, max 4-8 levels). The window one pixel off gives a mean of 6.1, the
            // whole image resized 71.5 (Aaron_Eckhart).
            assertTrue(mean < 1.0 && max < 16, INPUTS[i] + ": mean |diff| " + mean + ", max " + max);
        }
        RgbImage shifted = shiftedCrop(decode(lfw(INPUTS[0])), 71);
        RgbImage golden = RgbImage.of(ImageIO.read(SharedData.require("golden/nn4/inputs/00_Aaron_Eckhart_0001.png")
                .toFile()));
        double sum = 0;
        for (int k = 0; k < golden.rgb().length; k++) {
            sum += Math.abs((shifted.rgb()[k] & 0xff) - (golden.rgb()[k] & 0xff));
        }
        assertTrue(sum / golden.rgb().length > 3, "the tolerance tells a window one pixel off: " + sum / golden.rgb().length);
    }

    private static RgbImage shiftedCrop(RgbImage img, int x0) {
        BufferedImage out = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img.toBufferedImage(), 0, 0, 96, 96, x0, x0, x0 + 110, x0 + 110, null);
        g.dispose();
        return RgbImage.of(out);
    }

    @Test
    void anInputOfTheModelsSizeIsTakenAsIs() throws IOException {
        RgbImage golden = RgbImage.of(ImageIO.read(SharedData.require("golden/nn4/inputs/00_Aaron_Eckhart_0001.png")
                .toFile()));
        assertSame(golden, UnalignedFace.toInputSize(golden, 96));
        assertEquals(150, UnalignedFace.toInputSize(golden, 150).width(), "dlib's size, from a 96x96 image");
    }

    @Test
    void trainingReadsAnUnalignedFileThroughIt() throws IOException {
        Path file = lfw("Serena_Williams");
        float[] viaTraining = new float[FaceTensor.VALUES];
        FaceInput.load(file, viaTraining, 0);
        assertArrayEquals(FaceTensor.of(UnalignedFace.toInputSize(decode(file), 96)), viaTraining);
        assertFalse(Arrays.equals(FaceTensor.of(wholeImageResized(decode(file))), viaTraining),
                "not the whole-image resize the embedder used to apply");
        assertEquals(FaceInput.CENTER_CROP, FaceInput.mode(250, 250));
    }

    @Test
    void theEmbedderEmbedsAnUnalignedImageThroughIt() throws IOException {
        RgbImage raw = decode(lfw("Colin_Powell"));
        try (FaceModel model = GoldenWeights.model(LrnMode.TORCH)) {
            FaceEmbedder e = new FaceEmbedder(model, 4);
            float[] viaEmbedder = e.embed(raw);
            assertEquals(1, e.resizedCount());
            assertArrayEquals(e.embed(UnalignedFace.toInputSize(raw, 96)), viaEmbedder);
            assertEquals(1, e.resizedCount(), "a 96x96 input is not counted");
            assertFalse(Arrays.equals(e.embed(wholeImageResized(raw)), viaEmbedder),
                    "not the whole-image resize it used to apply");
        }
    }

    private static RgbImage wholeImageResized(RgbImage img) {
        BufferedImage out = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img.toBufferedImage(), 0, 0, 96, 96, null);
        g.dispose();
        return RgbImage.of(out);
    }
}
