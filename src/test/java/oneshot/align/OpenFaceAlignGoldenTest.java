package oneshot.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import oneshot.SharedData;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Given real dlib's landmarks, H and the 96x96 crop must equal OpenFace's (real OpenCV 4.6) in golden/dlib-align. */
class OpenFaceAlignGoldenTest {

    @Test
    void templateTargetsAreTheGoldenFloat32Values() {
        float[] t = OpenFaceTemplate.OUTER_EYES_AND_NOSE.targets(96);
        assertEquals(18.639072418212890625, t[0], 0);
        assertEquals(16.2496242523193359375, t[1], 0);
        assertEquals(75.73047637939453125, t[2], 0);
        assertEquals(15.18443012237548828125, t[3], 0);
        assertEquals(47.515285491943359375, t[4], 0);
        assertEquals(49.386371612548828125, t[5], 0);
        float[] inner = OpenFaceTemplate.INNER_EYES_AND_BOTTOM_LIP.targets(96);
        float[] notes = {34.923f, 17.083f, 59.420f, 16.587f, 48.020f, 72.056f};   // field-notes, 3 decimals
        for (int i = 0; i < 6; i++) assertEquals(notes[i], inner[i], 0.0006);
    }

    @Test
    void lfwMatricesAndCropsMatchOpenFace() throws Exception {
        check("lfw", "data/lfw");
    }

    @Test
    void bbtMatricesAndCropsMatchOpenFace() throws Exception {
        check("bbt", "data/bbt");
    }

    /** The whole chain from dlib's box: our landmarks, H and crop against OpenFace's, on every golden face. */
    @Test
    void endToEndFromDlibBox() throws Exception {
        OpenFaceAligner aligner = new OpenFaceAligner(TestModels.predictorOrSkip());
        ImageDecoder decoder = new ImageDecoder();
        int faces = 0, identical = 0;
        for (String set : new String[] {"lfw", "bbt"}) {
            Path golden = SharedData.require("golden/dlib-align/" + set);
            for (GoldenAlignRow row : GoldenAlignRow.read(golden.resolve("align.tsv"))) {
                if (row.faces() == 0) continue;
                faces++;
                RgbImage img = decoder.decode(SharedData.require("data/" + set).resolve(row.path()));
                AlignedFace a = aligner.align(img, row.box());
                RgbImage ref = decoder.decode(golden.resolve("crops").resolve(row.path().replaceAll("\\.[a-z]+$", ".png")));
                if (java.util.Arrays.equals(ref.rgb(), a.crop().rgb())) identical++;
            }
        }
        System.out.printf("box -> landmarks -> crop: %d of %d crops byte-identical to OpenFace's%n", identical, faces);
        assertEquals(faces, identical, (faces - identical) + " crops differ end to end");
    }

    private void check(String set, String dataDir) throws Exception {
        Path golden = SharedData.require("golden/dlib-align/" + set);
        List<GoldenAlignRow> rows = GoldenAlignRow.read(golden.resolve("align.tsv"));
        ImageDecoder decoder = new ImageDecoder();
        int faces = 0, cropsDiffer = 0, bytesDiffer = 0, maxDiff = 0;
        double maxH = 0;
        for (GoldenAlignRow row : rows) {
            if (row.faces() == 0) continue;
            faces++;
            RgbImage img = decoder.decode(SharedData.require(dataDir).resolve(row.path()));
            AlignedFace a = OpenFaceAligner.alignLandmarks(img, new FaceLandmarks(row.lx(), row.ly()),
                    OpenFaceTemplate.OUTER_EYES_AND_NOSE, 96);
            double[] h = a.transform().toArray();
            for (int i = 0; i < 6; i++) maxH = Math.max(maxH, Math.abs(h[i] - row.h()[i]));
            RgbImage ref = decoder.decode(golden.resolve("crops").resolve(row.path().replaceAll("\\.[a-z]+$", ".png")));
            assertEquals(96, ref.width());
            int d = 0;
            for (int i = 0; i < ref.rgb().length; i++) {
                int diff = Math.abs((ref.rgb()[i] & 0xff) - (a.crop().rgb()[i] & 0xff));
                if (diff != 0) d++;
                maxDiff = Math.max(maxDiff, diff);
            }
            bytesDiffer += d;
            if (d > 0) cropsDiffer++;
        }
        System.out.printf("%s: %d faces, max |H - H_opencv| = %.3g, %d crops differ, %d of %d bytes differ (max %d)%n",
                set, faces, maxH, cropsDiffer, bytesDiffer, faces * 96 * 96 * 3, maxDiff);
        assertTrue(faces >= 40, "too few golden faces: " + faces);
        assertTrue(maxH <= 1e-9, "H differs from OpenCV's by " + maxH);
        assertEquals(0, bytesDiffer, bytesDiffer + " crop bytes differ from OpenCV's (max " + maxDiff + ")");
    }
}
