package oneshot.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import oneshot.eval.EvaluationRun;
import oneshot.eval.Identification;
import oneshot.eval.KFoldVerification;
import oneshot.eval.RocCurve;
import oneshot.eval.ThresholdSweep;
import oneshot.eval.VerificationResult;

/** The report's CSV tables as file name -> content (full precision, one header line each). */
public final class CsvTables {
    private CsvTables() {}

    public static Map<String, String> all(EvaluationRun run) {
        Map<String, String> out = new LinkedHashMap<>();
        List<VerificationResult> vs = run.verification();
        for (int i = 0; i < vs.size(); i++) {
            String sfx = i == 0 ? "" : "-" + (i + 1);
            VerificationResult v = vs.get(i);
            if (v.kfold() != null) {
                out.put("verification-folds" + sfx + ".csv", folds(v.kfold()));
            }
            out.put("roc" + sfx + ".csv", roc(v.roc(), "tar"));
            out.put("sweep" + sfx + ".csv", sweep(v.sweep()));
        }
        if (run.identification() != null) {
            var id = run.identification();
            out.put("cmc.csv", cmc(id.closedSet(), id.templateClosed()));
            out.put("dir-far.csv", roc(id.openSet().dirFar(), "dir"));
            out.put("templates.csv", templates(id.templateClosed(), id.templateOpen(), run.settings().reportFars()));
        }
        return out;
    }

    static String folds(KFoldVerification.Result k) {
        StringBuilder sb = new StringBuilder("fold,threshold,train_accuracy,test_accuracy,test_pairs\n");
        for (KFoldVerification.Fold f : k.folds()) {
            sb.append(f.fold() + 1).append(',').append(f.threshold()).append(',').append(f.trainAccuracy()).append(',')
                    .append(f.testAccuracy()).append(',').append(f.testPairs()).append('\n');
        }
        sb.append("mean,,,").append(k.meanAccuracy()).append(",\n");
        sb.append("std,,,").append(k.stdAccuracy()).append(",\n");
        return sb.toString();
    }

    static String roc(RocCurve roc, String rate) {
        StringBuilder sb = new StringBuilder("threshold,last_accepted_distance,far," + rate + "\n");
        for (RocCurve.Point p : roc.points()) {
            sb.append(p.threshold()).append(',').append(Double.isFinite(p.lastAccepted()) ? String.valueOf(p.lastAccepted()) : "")
                    .append(',').append(p.far()).append(',').append(p.tar()).append('\n');
        }
        return sb.toString();
    }

    static String sweep(List<ThresholdSweep.Row> rows) {
        StringBuilder sb = new StringBuilder("threshold,tp,fp,tn,fn,accuracy,precision,recall,f1,far,frr\n");
        for (ThresholdSweep.Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%.4f", r.threshold())).append(',').append(r.tp()).append(',').append(r.fp())
                    .append(',').append(r.tn()).append(',').append(r.fn()).append(',').append(r.accuracy()).append(',')
                    .append(r.precision()).append(',').append(r.recall()).append(',').append(r.f1()).append(',')
                    .append(r.far()).append(',').append(r.frr()).append('\n');
        }
        return sb.toString();
    }

    static String cmc(Identification.ClosedSet one, List<Identification.ClosedSet> templates) {
        StringBuilder sb = new StringBuilder("experiment,enrol,gallery_identities,probes,rank,rate\n");
        appendCmc(sb, "one-shot", one);
        for (Identification.ClosedSet t : templates) {
            appendCmc(sb, "templates", t);
        }
        return sb.toString();
    }

    private static void appendCmc(StringBuilder sb, String name, Identification.ClosedSet c) {
        for (int r = 0; r < c.cmc().length; r++) {
            sb.append(name).append(',').append(c.enrol()).append(',').append(c.galleryIdentities()).append(',')
                    .append(c.probes()).append(',').append(r + 1).append(',').append(c.cmc()[r]).append('\n');
        }
    }

    static String templates(List<Identification.ClosedSet> closed, List<Identification.OpenSet> open, List<Double> fars) {
        StringBuilder sb = new StringBuilder("enrol,gallery_identities,probes,rank1,rank5,open_gallery,genuine_probes,stranger_probes");
        for (double f : fars) {
            sb.append(",dir@far=").append(f).append(",threshold@far=").append(f);
        }
        sb.append('\n');
        for (int i = 0; i < closed.size(); i++) {
            Identification.ClosedSet c = closed.get(i);
            Identification.OpenSet o = open.get(i);
            sb.append(c.enrol()).append(',').append(c.galleryIdentities()).append(',').append(c.probes()).append(',')
                    .append(c.rank(1)).append(',').append(c.rank(5)).append(',').append(o.galleryIdentities()).append(',')
                    .append(o.genuineProbes()).append(',').append(o.strangerProbes());
            for (double f : fars) {
                RocCurve.Point p = o.atFar(f);
                sb.append(',').append(p.tar()).append(',').append(p.threshold());
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
