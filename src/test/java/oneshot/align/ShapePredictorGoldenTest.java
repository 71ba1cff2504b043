package oneshot.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import oneshot.SharedData;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Given real dlib's box, our 68 landmarks must equal real dlib's (golden/dlib-align), but for rare 1 px ties. */
class ShapePredictorGoldenTest {
    static ShapePredictor predictor;

    @BeforeAll
    static void load() throws Exception {
        predictor = TestModels.predictorOrSkip();
    }

    @Test
    void modelShape() {
        assertEquals(68, predictor.numParts());
        assertEquals(15, predictor.numCascades());
        assertEquals(15 * 500, predictor.numTrees());
    }

    @Test
    void lfwLandmarksMatchDlib() throws Exception {
        check("lfw", "data/lfw");
    }

    @Test
    void bbtLandmarksMatchDlib() throws Exception {
        check("bbt", "data/bbt");
    }

    /** Boxes partly or wholly outside the image, and degenerate ones, still give 68 parts (outside pixels read 0). */
    @Test
    void boxesOutsideTheImageAreSafe() {
        RgbImage tiny = new RgbImage(3, 2, new byte[18]);
        for (FaceBox box : new FaceBox[] {new FaceBox(-50, -40, 60, 70), new FaceBox(500, 500, 600, 600),
                new FaceBox(1, 1, 1, 1)}) {
            FaceLandmarks lm = predictor.predict(tiny, box);
            assertEquals(68, lm.size());
            for (int i = 0; i < 68; i++) {
                long w = box.right() - box.left(), h = box.bottom() - box.top();
                assertTrue(lm.x(i) >= box.left() - w && lm.x(i) <= box.right() + w, "x inside the box's neighbourhood");
                assertTrue(lm.y(i) >= box.top() - h && lm.y(i) <= box.bottom() + h, "y inside the box's neighbourhood");
            }
        }
    }

    /**
     * Evidence for the pixel intensity: feeding luma-weighted grey (0.299/0.587/0.114) instead of dlib's plain mean
     * moves landmarks on LFW colour photos, so the exact match above does pin down dlib's formula.
     */
    @Test
    void lumaWeightedGreyWouldNotMatchDlib() throws Exception {
        Path golden = SharedData.require("golden/dlib-align/lfw");
        ImageDecoder decoder = new ImageDecoder();
        int pointsOff = 0, faces = 0;
        for (GoldenAlignRow row : GoldenAlignRow.read(golden.resolve("align.tsv"))) {
            if (row.faces() == 0) continue;
            faces++;
            RgbImage img = decoder.decode(SharedData.require("data/lfw").resolve(row.path()));
            byte[] grey = new byte[img.rgb().length];
            for (int i = 0; i < grey.length; i += 3) {
                int r = img.rgb()[i] & 0xff, g = img.rgb()[i + 1] & 0xff, b = img.rgb()[i + 2] & 0xff;
                grey[i] = grey[i + 1] = grey[i + 2] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
            }
            FaceLandmarks lm = predictor.predict(new RgbImage(img.width(), img.height(), grey), row.box());
            for (int i = 0; i < 68; i++) {
                if (lm.x(i) != row.lx()[i] || lm.y(i) != row.ly()[i]) pointsOff++;
            }
        }
        System.out.printf("luma-weighted grey: %d of %d LFW landmark points differ from dlib%n", pointsOff, faces * 68);
        assertTrue(pointsOff > faces * 68 / 100, "luma grey should visibly disagree with dlib, got " + pointsOff);
    }

    private void check(String set, String dataDir) throws Exception {
        Path golden = SharedData.require("golden/dlib-align/" + set);
        List<GoldenAlignRow> rows = GoldenAlignRow.read(golden.resolve("align.tsv"));
        ImageDecoder decoder = new ImageDecoder();
        int faces = 0, pointsOff = 0, worst = 0;
        StringBuilder report = new StringBuilder();
        for (GoldenAlignRow row : rows) {
            if (row.faces() == 0) continue;
            faces++;
            RgbImage img = decoder.decode(SharedData.require(dataDir).resolve(row.path()));
            FaceLandmarks lm = predictor.predict(img, row.box());
            for (int i = 0; i < 68; i++) {
                int d = Math.max(Math.abs(lm.x(i) - row.lx()[i]), Math.abs(lm.y(i) - row.ly()[i]));
                if (d > 0) {
                    pointsOff++;
                    worst = Math.max(worst, d);
                    report.append(String.format("%n  %s part %d: ours (%d,%d) dlib (%d,%d)", row.path(), i,
                            lm.x(i), lm.y(i), row.lx()[i], row.ly()[i]));
                }
            }
        }
        System.out.printf("%s: %d faces, %d of %d landmark points differ from dlib, worst %d px%s%n", set, faces,
                pointsOff, faces * 68, worst, report);
        assertTrue(faces >= 40, "too few golden faces: " + faces);
        assertTrue(worst <= 1, "a landmark is off by " + worst + " px:" + report);
        assertTrue(pointsOff <= faces * 68 / 500, pointsOff + " points off by 1 px: more than rare ties" + report);
    }
}
