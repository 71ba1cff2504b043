package oneshot.report;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import oneshot.eval.Bootstrap;
import oneshot.eval.Calibration;
import oneshot.eval.EvaluationRun;
import oneshot.eval.Identification;
import oneshot.eval.KFoldVerification;
import oneshot.eval.RocCurve;
import oneshot.eval.VerificationResult;

/** A single self-contained HTML page: the key numbers as tables, the plots embedded as base64 PNG. */
public final class HtmlReport {
    private HtmlReport() {}

    public static String render(EvaluationRun run, Map<String, byte[]> plots) {
        return render(run, plots, null);
    }

    /** With the model manifest: a model with untrained layers gets a warning at the top of the page. */
    public static String render(EvaluationRun run, Map<String, byte[]> plots, com.google.gson.JsonElement manifest) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>OneShot evaluation: ").append(esc(run.name()))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
                        + "th{background:#eee}td:first-child,th:first-child{text-align:left}img{max-width:100%}</style></head><body>\n");
        h.append("<h1>Evaluation: ").append(esc(run.name())).append("</h1>\n");
        String warning = SummaryJson.modelWarning(manifest);
        if (warning != null) {
            h.append("<p style=\"background:#fdd;padding:8px;border:2px solid #c00\"><b>Warning:</b> ").append(esc(warning))
                    .append("</p>\n");
        }
        h.append("<p>Model <code>").append(esc(run.modelId().isEmpty() ? "(none recorded)" : run.modelId()))
                .append("</code>; embeddings <code>").append(esc(run.embeddingsSource())).append("</code> (")
                .append(run.embeddings()).append(" rows, dim ").append(run.dim()).append("); distance <code>")
                .append(run.settings().distance().id()).append("</code>; seed ").append(run.settings().seed())
                .append(". A pair or probe is accepted when distance &lt; threshold.</p>\n");

        Calibration c = run.calibration();
        h.append("<h2>Calibrated threshold</h2>\n<table><tr><th>source</th><th>target FAR</th><th>threshold</th>"
                + "<th>achieved FAR</th><th>").append(Calibration.OPEN_SET.equals(c.source()) ? "DIR" : "TAR").append("</th></tr>")
                .append(row(c.source(), f(c.targetFar()), f(c.threshold()), f(c.achievedFar()), f(c.acceptRate())))
                .append("</table>\n");

        for (VerificationResult v : run.verification()) {
            h.append("<h2>Verification: ").append(esc(v.name())).append("</h2>\n<p>").append(v.scores().size())
                    .append(" pairs (").append(v.scores().positives()).append(" same, ").append(v.scores().negatives())
                    .append(" different");
            if (!v.scores().skipped().isEmpty()) {
                h.append(", ").append(v.scores().skipped().size()).append(" skipped for missing embeddings");
            }
            h.append(").</p>\n");
            if (v.kfold() != null) {
                KFoldVerification.Result k = v.kfold();
                h.append("<p><b>").append(k.folds().size()).append("-fold accuracy ").append(f(k.meanAccuracy()))
                        .append(" &plusmn; ").append(f(k.stdAccuracy())).append("</b> (OpenFace protocol: each fold's threshold "
                        + "picked on the other folds)</p>\n<table><tr><th>fold</th><th>threshold</th><th>train accuracy</th>"
                        + "<th>test accuracy</th></tr>");
                for (KFoldVerification.Fold fo : k.folds()) {
                    h.append(row(String.valueOf(fo.fold() + 1), String.format(Locale.ROOT, "%.2f", fo.threshold()),
                            f(fo.trainAccuracy()), f(fo.testAccuracy())));
                }
                h.append("</table>\n");
            }
            if (v.trainTest() != null) {
                var t = v.trainTest();
                h.append("<p>Threshold ").append(f(t.threshold())).append(" picked on ").append(esc(t.trainFile()))
                        .append(" (accuracy ").append(f(t.trainAccuracy())).append("), <b>test accuracy ")
                        .append(f(t.testAccuracy())).append("</b></p>\n");
            }
            h.append("<table><tr><th>statistic</th><th>value</th><th>")
                    .append(Math.round(run.settings().confidence() * 100)).append("% bootstrap interval</th></tr>");
            h.append(row("AUC (pooled, exact)", f(v.roc().auc()), interval(v.bootstrap().get("auc"))));
            if (Double.isFinite(v.openFaceAuc())) {
                h.append(row("AUC as OpenFace's lfw.py plots it (mean of fold ROCs)", f(v.openFaceAuc()), ""));
            }
            h.append(row("EER", f(v.roc().eer()) + " (threshold " + f(v.roc().eerThreshold()) + ")",
                    interval(v.bootstrap().get("eer"))));
            for (double far : run.settings().reportFars()) {
                RocCurve.Point p = v.roc().atFar(far);
                h.append(row("TAR @ FAR &le; " + far, f(p.tar()) + " (threshold " + f(p.threshold()) + ")",
                        interval(v.bootstrap().get("tar@far=" + far))));
            }
            h.append("</table>\n");
        }

        if (run.identification() != null) {
            var id = run.identification();
            Identification.ClosedSet cs = id.closedSet();
            Identification.OpenSet os = id.openSet();
            h.append("<h2>One-shot recognition (1:K)</h2>\n<p>Closed set: one enrolled image for each of ")
                    .append(cs.galleryIdentities()).append(" identities, ").append(cs.probes()).append(" probes: <b>rank-1 ")
                    .append(f(cs.rank(1))).append("</b>, rank-5 ").append(f(cs.rank(5))).append(".</p>\n<p>Open set: ")
                    .append(os.galleryIdentities()).append(" identities enrolled, ").append(os.genuineProbes())
                    .append(" probes of them, ").append(os.strangerProbes()).append(" stranger probes (")
                    .append(id.strangerIdentities()).append(" identities).</p>\n<table><tr><th>FAR &le;</th><th>threshold</th>"
                            + "<th>FAR</th><th>DIR</th></tr>");
            for (double far : run.settings().reportFars()) {
                RocCurve.Point p = os.atFar(far);
                h.append(row(String.valueOf(far), f(p.threshold()), f(p.far()), f(p.tar())));
            }
            h.append("</table>\n");
            if (!id.templateClosed().isEmpty()) {
                h.append("<h3>What each extra enrolled image buys</h3>\n<p>").append(id.templateIdentities())
                        .append(" identities with more than ").append(run.settings().maxEnrol())
                        .append(" images; the same probes for every template size.</p>\n<table><tr><th>images enrolled</th>"
                                + "<th>rank-1</th><th>rank-5</th><th>DIR @ FAR &le; ").append(run.settings().targetFar())
                        .append("</th><th>threshold</th></tr>");
                for (int i = 0; i < id.templateClosed().size(); i++) {
                    Identification.ClosedSet tc = id.templateClosed().get(i);
                    RocCurve.Point p = id.templateOpen().get(i).atFar(run.settings().targetFar());
                    h.append(row(String.valueOf(tc.enrol()), f(tc.rank(1)), f(tc.rank(5)), f(p.tar()), f(p.threshold())));
                }
                h.append("</table>\n");
            }
        }

        h.append("<h2>Plots</h2>\n");
        for (Map.Entry<String, byte[]> e : plots.entrySet()) {
            h.append("<p><img alt=\"").append(esc(e.getKey())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(e.getValue())).append("\"></p>\n");
        }
        h.append("<p>Tables: the CSV files beside this page; all numbers: <code>summary.json</code>.</p>\n</body></html>\n");
        return h.toString();
    }

    private static String interval(Bootstrap.Interval i) {
        return i == null ? "" : "[" + f(i.low()) + ", " + f(i.high()) + "]";
    }

    static String row(String... cells) {
        StringBuilder sb = new StringBuilder("<tr>");
        for (String c : cells) {
            sb.append("<td>").append(c).append("</td>");
        }
        return sb.append("</tr>\n").toString();
    }

    private static String f(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.4f", x) : "n/a";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
