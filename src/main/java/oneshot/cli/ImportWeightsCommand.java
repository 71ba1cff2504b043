package oneshot.cli;

import oneshot.SharedData;
import oneshot.net.FaceModel;
import oneshot.net.KerasOpenFaceImporter;
import oneshot.net.LrnMode;
import oneshot.net.ModelManifest;
import oneshot.net.ModelStore;
import oneshot.net.WeightLayout;
import oneshot.net.WeightLoader;
import oneshot.net.Nn4Small2;
import oneshot.net.dlib.DlibImport;
import oneshot.net.dlib.FaceApiWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Keras-OpenFace CSV folder(s) (nn4.small2) or a face-api.js FaceRecognitionNet folder (dlib-resnet34) to
 * {@code weights/<name>-0000.params} plus manifest.
 */
@Command(name = "ImportWeights", mixinStandardHelpOptions = true,
        description = "Import Keras-OpenFace nn4.small2.v1 weights (CSV export), or dlib's ResNet as ported by face-api.js"
                + " (--model dlib-resnet34), into a DJL model.")
public final class ImportWeightsCommand implements Callable<Integer> {

    @Option(names = "--model", description = "nn4.small2 (default) or dlib-resnet34 (default source ../shared/weights/dlib-resnet34);"
            + " a --weights folder holding " + FaceApiWeights.MANIFEST + " is imported as dlib-resnet34 without it")
    String model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", description = "Folder(s) of <tensor>.csv files, searched in order (default: ../shared/weights/keras-openface)")
    List<Path> folders;

    @Option(names = "--allow-missing", description = "Import even if conv kernels are missing: they are He-initialised and the model is marked untrained until Train recovers them.")
    boolean allowMissing;

    @Option(names = "--lrn", defaultValue = "torch", description = "LRN constants recorded as the model's default: torch (trained with) or keras")
    String lrn;

    @Option(names = "--name", description = "Model name (default nn4.small2.v1, or nn4.small2.v1-partial when kernels are missing)")
    String name;

    @Option(names = "--out", description = "Output folder (default weights/)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (model != null && !model.equals(Nn4Small2.ARCHITECTURE) && !model.equals(DlibImport.NAME)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model must be " + Nn4Small2.ARCHITECTURE + " or "
                    + DlibImport.NAME + ", got '" + model + "'");
        }
        boolean faceApiFolder = folders != null && folders.size() == 1
                && Files.isRegularFile(folders.get(0).resolve(FaceApiWeights.MANIFEST));
        if (DlibImport.NAME.equals(model) || (model == null && faceApiFolder)) {
            return importDlib();
        }
        List<Path> src = folders == null || folders.isEmpty() ? List.of(SharedData.kerasOpenFaceWeights()) : folders;
        Path dir = out == null ? ModelStore.defaultDir() : out;
        try (FaceModel m = FaceModel.createInitialized(LrnMode.parse(lrn))) {
            KerasOpenFaceImporter.Result r = new KerasOpenFaceImporter(new WeightLayout(m.net())).read(src, allowMissing);
            String modelName = name != null ? name
                    : r.complete() ? ModelStore.COMPLETE_IMPORT : ModelStore.PARTIAL_IMPORT;
            WeightLoader.apply(m, r, "keras-openface-csv");
            ModelStore.save(m, dir, modelName);
            ModelManifest mf = m.manifest();
            System.out.println("imported " + r.values().size() + " of " + WeightLayout.COMPLETE_TENSOR_COUNT + " tensors from " + src);
            System.out.println("wrote " + ModelStore.paramsFile(dir, modelName) + " (model id " + mf.modelId + ", LRN " + mf.lrnMode + ")");
            System.out.println("manifest " + ModelStore.manifestFile(dir, modelName));
            if (!r.complete()) {
                System.out.println("MISSING (He-initialised, marked untrained): " + r.missing());
                System.out.println("This model is NOT usable for recognition until `mvn -q exec:java -Dexec.mainClass=Train` recovers them.");
            }
            return 0;
        }
    }


    private int importDlib() throws Exception {
        if (folders != null && folders.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model " + DlibImport.NAME + " reads one --weights folder");
        }
        Path src = folders == null || folders.isEmpty() ? DlibImport.defaultSource() : folders.get(0);
        Path dir = out == null ? ModelStore.defaultDir() : out;
        String modelName = name != null ? name : DlibImport.NAME;
        try (FaceModel m = DlibImport.importInto(src, dir, modelName)) {
            ModelManifest mf = m.manifest();
            System.out.println("imported " + DlibImport.NAME + " (" + mf.trainableParameters + " parameters) from " + src);
            System.out.println("wrote " + ModelStore.paramsFile(dir, modelName) + " (model id " + mf.modelId + ", input "
                    + mf.inputSize + "x" + mf.inputSize + ", alignment " + mf.alignment + ", distance " + mf.distance + ")");
            System.out.println("manifest " + ModelStore.manifestFile(dir, modelName));
            return 0;
        }
    }
}
