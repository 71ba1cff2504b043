package oneshot.net;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** Puts imported tensors into an initialised network and records their origin in its manifest. */
public final class WeightLoader {
    private WeightLoader() {}

    public static void apply(FaceModel m, KerasOpenFaceImporter.Result imported, String sourceKind) {
        WeightLayout layout = new WeightLayout(m.net());
        ModelManifest mf = m.manifest();
        mf.sourceKind = sourceKind;
        mf.sourceFolder = imported.folder().toAbsolutePath().normalize().toString();
        mf.sourceSha256 = new LinkedHashMap<>(imported.sha256());
        mf.missingTensors = new ArrayList<>(imported.missing());
        mf.untrainedTensors = new ArrayList<>(imported.missing());
        mf.heInitSeed = imported.missing().isEmpty() ? null : KerasOpenFaceImporter.HE_INIT_SEED;
        mf.createdAt = Instant.now().toString();
        for (TensorSpec t : layout.tensors()) {
            float[] v = imported.values().get(t.name());
            if (v == null) {
                v = KerasOpenFaceImporter.heNormal(t, KerasOpenFaceImporter.HE_INIT_SEED);
            }
            Parameter p = WeightLayout.parameterOf(m.net(), t);
            NDArray a = p.getArray();
            if (!a.getShape().equals(t.shape())) {
                throw new IllegalStateException(t.name() + ": network parameter has shape " + a.getShape()
                        + ", tensor has " + t.shape());
            }
            a.set(v);
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", "import");
        step.put("source", mf.sourceFolder);
        step.put("missing", mf.missingTensors);
        step.put("at", mf.createdAt);
        mf.history.add(step);
    }
}
