package oneshot.align;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The dlib model, read once per test JVM; tests skip (with the reason) when the file is absent. */
final class TestModels {
    private static ShapePredictor predictor;

    private TestModels() {}

    static synchronized ShapePredictor predictorOrSkip() throws Exception {
        Path dat = ShapePredictorReader.defaultPath();
        Assumptions.assumeTrue(Files.isRegularFile(dat),
                "SKIPPED: dlib model " + dat + " is absent (apt-get install libdlib-data, or -Doneshot.dlib.shapePredictor=FILE)");
        if (predictor == null) predictor = ShapePredictorReader.read(dat);
        return predictor;
    }
}
