package oneshot.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import oneshot.eval.Bootstrap;
import oneshot.eval.Calibration;
import oneshot.eval.EvaluationRun;
import oneshot.eval.EvaluationSettings;
import oneshot.eval.Identification;
import oneshot.eval.KFoldVerification;
import oneshot.eval.RocCurve;
import oneshot.eval.ThresholdSweep;
import oneshot.eval.VerificationResult;

/**
 * {@code summary.json}: the calibration object the gallery reads (contract: {@code calibration.distance}, {@code threshold},
 * {@code targetFar}, {@code source}, {@code modelId}; accept when {@code distance < threshold}), then the inputs, the settings and
 * every metric. Contains nothing time-dependent, so the same inputs give a byte-identical file.
 */
public final class SummaryJson {
    private SummaryJson() {}

    public static JsonObject of(EvaluationRun run, JsonElement manifest) {
        JsonObject root = new JsonObject();
        root.add("calibration", calibration(run.calibration()));
        root.addProperty("name", run.name());
        root.addProperty("decisionRule", "accept as the same person when distance < threshold");
        root.addProperty("modelId", run.modelId());
        root.add("modelManifest", manifest == null ? JsonNull.INSTANCE : manifest);
        String warning = modelWarning(manifest);
        if (warning != null) {
            root.addProperty("modelWarning", warning);
        }
        JsonObject data = new JsonObject();
        data.addProperty("embeddings", run.embeddingsSource());
        data.addProperty("rows", run.embeddings());
        data.addProperty("dim", run.dim());
        JsonArray pairFiles = new JsonArray();
        for (VerificationResult v : run.verification()) {
            pairFiles.add(v.pairsFile());
            if (v.trainTest() != null) {
                pairFiles.add(v.trainTest().trainFile());
            }
        }
        data.add("pairsFiles", pairFiles);
        root.add("data", data);
        root.add("settings", settings(run.settings()));
        JsonArray ver = new JsonArray();
        for (VerificationResult v : run.verification()) {
            ver.add(verification(v, run.settings()));
        }
        root.add("verification", ver);
        root.add("identification", run.identification() == null ? JsonNull.INSTANCE : identification(run));
        return root;
    }

    /** A warning when the manifest lists untrained tensors (the partial Keras-OpenFace import), else null. */
    static String modelWarning(JsonElement manifest) {
        if (manifest == null || !manifest.isJsonObject()) {
            return null;
        }
        JsonElement u = manifest.getAsJsonObject().get("untrainedTensors");
        if (u != null && u.isJsonArray() && u.getAsJsonArray().size() > 0) {
            return "the model has " + u.getAsJsonArray().size() + " untrained (randomly initialised) layers " + u
                    + ": these numbers do not measure face-recognition quality";
        }
        return null;
    }

    static JsonObject calibration(Calibration c) {
        JsonObject o = new JsonObject();
        o.addProperty("distance", c.distance().id());
        o.add("threshold", num(c.threshold()));
        o.add("targetFar", num(c.targetFar()));
        o.addProperty("source", c.source());
        o.addProperty("modelId", c.modelId());
        o.add("achievedFar", num(c.achievedFar()));
        o.add(Calibration.OPEN_SET.equals(c.source()) ? "dir" : "tar", num(c.acceptRate()));
        return o;
    }

    static JsonObject settings(EvaluationSettings s) {
        JsonObject o = new JsonObject();
        o.addProperty("distance", s.distance().id());
        o.addProperty("seed", s.seed());
        o.add("targetFar", num(s.targetFar()));
        JsonArray fars = new JsonArray();
        s.reportFars().forEach(f -> fars.add(num(f)));
        o.add("reportFars", fars);
        o.addProperty("bootstrapReplicates", s.bootstrap());
        o.add("confidence", num(s.confidence()));
        JsonArray enrol = new JsonArray();
        s.enrolSizes().forEach(enrol::add);
        o.add("enrolSizes", enrol);
        o.add("knownFraction", num(s.knownFraction()));
        o.addProperty("thresholdGrid", "400 steps over [0, max distance of unit vectors): squared_l2 0.00..3.99 step 0.01"
                + " (OpenFace arange(0,4,0.01)), l2 and cosine step 0.005");
        o.addProperty("thresholdRule", "OpenFace findBestThreshold: ascending grid, keep on >=, stop at first decrease");
        return o;
    }

    static JsonObject verification(VerificationResult v, EvaluationSettings s) {
        JsonObject o = new JsonObject();
        o.addProperty("protocol", v.name());
        o.addProperty("pairsFile", v.pairsFile());
        o.addProperty("pairs", v.scores().size());
        o.addProperty("samePairs", v.scores().positives());
        o.addProperty("differentPairs", v.scores().negatives());
        o.addProperty("skippedPairs", v.scores().skipped().size());
        if (v.kfold() != null) {
            KFoldVerification.Result k = v.kfold();
            JsonObject kf = new JsonObject();
            kf.addProperty("folds", k.folds().size());
            kf.add("accuracyMean", num(k.meanAccuracy()));
            kf.add("accuracyStd", num(k.stdAccuracy()));
            JsonArray folds = new JsonArray();
            for (KFoldVerification.Fold f : k.folds()) {
                JsonObject fo = new JsonObject();
                fo.addProperty("fold", f.fold() + 1);
                fo.add("threshold", num(f.threshold()));
                fo.add("trainAccuracy", num(f.trainAccuracy()));
                fo.add("testAccuracy", num(f.testAccuracy()));
                fo.addProperty("testPairs", f.testPairs());
                folds.add(fo);
            }
            kf.add("perFold", folds);
            kf.add("openFaceMeanRocAuc", num(v.openFaceAuc()));
            o.add("kfold", kf);
        }
        if (v.trainTest() != null) {
            VerificationResult.TrainTest t = v.trainTest();
            JsonObject tt = new JsonObject();
            tt.addProperty("trainFile", t.trainFile());
            tt.addProperty("trainPairs", t.trainPairs());
            tt.add("threshold", num(t.threshold()));
            tt.add("trainAccuracy", num(t.trainAccuracy()));
            tt.add("testAccuracy", num(t.testAccuracy()));
            o.add("trainTest", tt);
        }
        RocCurve roc = v.roc();
        o.add("auc", num(roc.auc()));
        o.add("eer", num(roc.eer()));
        o.add("eerThreshold", num(roc.eerThreshold()));
        JsonObject tar = new JsonObject();
        for (double far : s.reportFars()) {
            tar.add(String.valueOf(far), point(roc.atFar(far), "tar"));
        }
        o.add("tarAtFar", tar);
        o.add("atTargetFar", point(v.atTargetFar(), "tar"));
        ThresholdSweep.Row best = ThresholdSweep.bestAccuracy(v.sweep());
        JsonObject b = new JsonObject();
        b.add("threshold", num(best.threshold()));
        b.add("accuracy", num(best.accuracy()));
        b.addProperty("note", "one threshold fitted on all pairs: optimistic, for reference only");
        o.add("bestSingleThreshold", b);
        JsonObject boot = new JsonObject();
        for (Map.Entry<String, Bootstrap.Interval> e : v.bootstrap().entrySet()) {
            Bootstrap.Interval i = e.getValue();
            JsonObject io = new JsonObject();
            io.add("value", num(i.value()));
            io.add("low", num(i.low()));
            io.add("high", num(i.high()));
            io.add("level", num(i.level()));
            io.addProperty("replicates", i.replicates());
            boot.add(e.getKey(), io);
        }
        o.add("bootstrap", boot);
        return o;
    }

    static JsonObject identification(EvaluationRun run) {
        var id = run.identification();
        EvaluationSettings s = run.settings();
        JsonObject o = new JsonObject();
        o.add("oneShotClosedSet", closed(id.closedSet()));
        o.add("oneShotOpenSet", open(id.openSet(), s));
        o.addProperty("strangerIdentities", id.strangerIdentities());
        JsonObject t = new JsonObject();
        t.addProperty("identities", id.templateIdentities());
        t.addProperty("note", "identities with more than " + s.maxEnrol() + " images; the same probes for every size");
        JsonArray rows = new JsonArray();
        for (int i = 0; i < id.templateClosed().size(); i++) {
            JsonObject r = new JsonObject();
            r.addProperty("enrol", id.templateClosed().get(i).enrol());
            r.add("closedSet", closed(id.templateClosed().get(i)));
            r.add("openSet", open(id.templateOpen().get(i), s));
            rows.add(r);
        }
        t.add("bySize", rows);
        o.add("templates", t);
        return o;
    }

    static JsonObject closed(Identification.ClosedSet c) {
        JsonObject o = new JsonObject();
        o.addProperty("enrolPerIdentity", c.enrol());
        o.addProperty("galleryIdentities", c.galleryIdentities());
        o.addProperty("probes", c.probes());
        o.add("rank1", num(c.rank(1)));
        o.add("rank5", num(c.rank(5)));
        o.add("rank10", num(c.rank(10)));
        return o;
    }

    static JsonObject open(Identification.OpenSet op, EvaluationSettings s) {
        JsonObject o = new JsonObject();
        o.addProperty("enrolPerIdentity", op.enrol());
        o.addProperty("galleryIdentities", op.galleryIdentities());
        o.addProperty("genuineProbes", op.genuineProbes());
        o.addProperty("strangerProbes", op.strangerProbes());
        JsonObject dir = new JsonObject();
        for (double far : s.reportFars()) {
            dir.add(String.valueOf(far), point(op.atFar(far), "dir"));
        }
        o.add("dirAtFar", dir);
        o.add("atTargetFar", point(op.atFar(s.targetFar()), "dir"));
        return o;
    }

    static JsonObject point(RocCurve.Point p, String rateName) {
        JsonObject o = new JsonObject();
        o.add("threshold", num(p.threshold()));
        o.add("far", num(p.far()));
        o.add(rateName, num(p.tar()));
        return o;
    }

    static JsonElement num(double x) {
        return Double.isFinite(x) ? new JsonPrimitive(x) : JsonNull.INSTANCE;
    }
}
