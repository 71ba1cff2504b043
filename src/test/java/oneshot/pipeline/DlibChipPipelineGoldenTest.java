package oneshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import oneshot.SharedData;
import oneshot.align.AlignedFace;
import oneshot.align.FaceBox;
import oneshot.align.ShapePredictor;
import oneshot.align.ShapePredictorReader;
import oneshot.detect.DlibBoxMap;
import oneshot.detect.DlibGolden;
import oneshot.detect.EngineThreads;
import oneshot.detect.MtcnnDetector;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline built for {@link AlignmentKind#DLIB_CHIP_150} against real dlib's chips (golden/dlib-chip): from dlib's
 * own boxes (our landmarks, our chip) and from MTCNN's boxes (the whole product path).
 */
class DlibChipPipelineGoldenTest {
    private static ShapePredictor predictor;
    private static FacePipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        EngineThreads.defaultToOne();
        assumeTrue(Files.isRegularFile(ShapePredictorReader.defaultPath()),
                "dlib model absent at " + ShapePredictorReader.defaultPath() + " (apt-get install libdlib-data)");
        predictor = ShapePredictorReader.readDefault();
        pipeline = new FacePipeline(MtcnnDetector.load(), DlibBoxMap.fitted(), predictor,
                FaceAligner.of(AlignmentKind.DLIB_CHIP_150));
    }

    @AfterAll
    static void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void fromDlibsBoxesTheChipsAreDlibs() throws Exception {
        FaceAligner chips = FaceAligner.of(AlignmentKind.DLIB_CHIP_150);
        ImageDecoder decoder = new ImageDecoder();
        int faces = 0, identical = 0;
        for (String set : new String[] {"lfw", "bbt"}) {
            Path golden = SharedData.require("golden/dlib-chip/" + set + "/chips");
            for (DlibGolden g : DlibGolden.read(SharedData.require("golden/dlib-align/" + set).resolve("align.tsv"))) {
                if (!g.hasFace()) continue;
                faces++;
                RgbImage img = decoder.decode(SharedData.require("data/" + set).resolve(g.path()));
                AlignedFace chip = chips.align(img, predictor.predict(img, new FaceBox(g.left(), g.top(), g.right(), g.bottom())));
                RgbImage ref = decoder.decode(golden.resolve(g.path().replaceAll("\\.[^./]+$", "") + ".png"));
                if (Arrays.equals(ref.rgb(), chip.crop().rgb())) identical++;
            }
        }
        System.out.printf("dlib box -> landmarks -> chip: %d of %d chips byte-identical to dlib's%n", identical, faces);
        assertEquals(115, faces);
        assertEquals(faces, identical, (faces - identical) + " chips differ end to end from dlib's box");
    }

    @Test
    void fromMtcnnBoxesTheChipsAreClose() {
        for (String set : new String[] {"bbt", "lfw"}) {
            var items = GoldenComparison.run(pipeline, set);
            GoldenComparison.Summary s = GoldenComparison.summarise(items);
            System.out.printf("%s, MTCNN boxes: %d of %d found, landmarks %.2f px from dlib's (median %.2f), chips differ by "
                    + "%.2f per byte on average%n", set, s.found(), s.images(), s.meanLandmarkPx(), s.medianLandmarkPx(),
                    s.meanCropDiff());
            for (GoldenComparison.Item it : items) {
                if (it.face() == null) continue;
                assertEquals(AlignmentKind.DLIB_CHIP_150, it.face().alignment());
                assertEquals(150, it.face().aligned().width());
                assertEquals(150, it.face().aligned().height());
            }
            assertTrue(s.found() >= s.images() - 2, set + " faces found " + s.found());
            assertTrue(s.meanLandmarkPx() < 3.0, set + " mean landmark distance " + s.meanLandmarkPx());
            // measured: bbt 40/40, 1.10 px, 4.45 per byte; lfw 74/75, 1.96 px, 4.40 per byte
            assertTrue(s.meanCropDiff() > 0, "MTCNN boxes cannot give dlib's exact chips everywhere");
            assertTrue(s.meanCropDiff() < 6, set + " chip difference " + s.meanCropDiff());
        }
    }

    @Test
    void withoutDlibsModelThereAreNoChips() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FacePipeline(pipeline.detector(), DlibBoxMap.fitted(), null,
                        FaceAligner.of(AlignmentKind.DLIB_CHIP_150)));
        assertTrue(e.getMessage().contains("dlib-chip-150") && e.getMessage().contains("shape predictor is absent"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaceAligner.of(AlignmentKind.MTCNN_5POINT_FALLBACK));
        assertEquals(AlignmentKind.MTCNN_5POINT_FALLBACK, new FacePipeline(pipeline.detector(), null).alignment());
    }

    @Test
    void labelsParseBack() {
        for (AlignmentKind k : AlignmentKind.values()) {
            assertEquals(k, AlignmentKind.fromLabel(k.label()));
        }
        assertEquals("dlib-chip-150", AlignmentKind.DLIB_CHIP_150.label());
        assertEquals("dlib-3point", AlignmentKind.DLIB_3POINT.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlignmentKind.fromLabel("dlib"));
        assertTrue(e.getMessage().contains("dlib-chip-150"), e.getMessage());
    }
}
