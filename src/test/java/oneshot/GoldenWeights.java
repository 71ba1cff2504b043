package oneshot;

import oneshot.net.FaceModel;
import oneshot.net.KerasOpenFaceImporter;
import oneshot.net.LrnMode;
import oneshot.net.WeightLayout;
import oneshot.net.WeightLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The complete golden weight set (shared Keras-OpenFace export + golden/nn4/fill), through the real importer. */
public final class GoldenWeights {
    private GoldenWeights() {}

    public static List<Path> folders() {
        return List.of(SharedData.require("weights/keras-openface"), SharedData.require("golden/nn4/fill"));
    }

    public static FaceModel model(LrnMode lrn) throws IOException {
        FaceModel m = FaceModel.createInitialized(lrn);
        KerasOpenFaceImporter.Result r = new KerasOpenFaceImporter(new WeightLayout(m.net())).read(folders(), false);
        WeightLoader.apply(m, r, "keras-openface-csv+golden-fill");
        return m;
    }
}
