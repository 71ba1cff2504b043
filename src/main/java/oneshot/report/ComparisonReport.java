package oneshot.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import oneshot.io.AtomicFiles;
import org.knowm.xchart.XYChart;

/**
 * Several Evaluate reports side by side, one row per report: the models (or embedding tables) compared on the same people.
 * Reads what each report already wrote (summary.json, roc.csv, cmc.csv, dir-far.csv), computes nothing again, and writes
 * {@code comparison.csv}, {@code comparison.json}, overlaid {@code roc.png} / {@code cmc.png} / {@code dir-far.png} and
 * {@code comparison.html}. Each model keeps its own alignment: nn4.small2 and dlib-resnet34 read different crops of the
 * same images, so each is evaluated on its own folder first.
 */
public final class ComparisonReport {
    /** The FARs shown in the table (Evaluate's defaults report both). */
    static final String TAR_FAR = "0.001";
    public static final String DIR_FAR = "0.01";

    /** One report's headline figures; NaN when the report has no such experiment. */
    public record Row(String report, String modelId, String data, String protocol, double accuracy, double std, double auc,
                      double tarAtFar, double rank1, double dirAtFar, double threshold, String thresholdSource) {}

    private ComparisonReport() {}

    /** Reads each report folder's summary; a folder without one is refused, naming it. */
    public static List<Row> read(List<Path> reports) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path dir : reports) {
            Path summary = dir.resolve("summary.json");
            if (!Files.isRegularFile(summary)) {
                throw new IOException(dir + " has no summary.json: not a finished Evaluate report");
            }
            JsonObject s;
            try {
                s = JsonParser.parseString(Files.readString(summary, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new IOException(summary + " is not an Evaluate summary: " + e.getMessage(), e);
            }
            JsonObject v = s.has("verification") && s.getAsJsonArray("verification").size() > 0
                    ? s.getAsJsonArray("verification").get(0).getAsJsonObject() : null;
            JsonObject id = s.has("identification") ? s.getAsJsonObject("identification") : null;
            JsonObject data = s.getAsJsonObject("data");
            JsonObject cal = s.getAsJsonObject("calibration");
            rows.add(new Row(dir.getFileName().toString(), s.get("modelId").getAsString(),
                    data.get("rows").getAsInt() + " images of " + data.get("embeddings").getAsString(),
                    v == null ? "" : v.get("protocol").getAsString(),
                    num(v, "kfold", "accuracyMean"), num(v, "kfold", "accuracyStd"), num(v, "auc"),
                    num(v, "tarAtFar", TAR_FAR, "tar"), num(id, "oneShotClosedSet", "rank1"),
                    num(id, "oneShotOpenSet", "dirAtFar", DIR_FAR, "dir"), cal.get("threshold").getAsDouble(),
                    cal.has("source") ? cal.get("source").getAsString() : ""));
        }
        return rows;
    }

    /** Writes the comparison of {@code reports} into {@code out} (created; its earlier comparison files are replaced). */
    public static List<Row> write(List<Path> reports, Path out, boolean plots) throws IOException {
        List<Row> rows = read(reports);
        Files.createDirectories(out);
        Map<String, byte[]> charts = plots ? charts(reports, rows) : Map.of();
        for (Map.Entry<String, byte[]> e : charts.entrySet()) {
            AtomicFiles.writePrivate(out.resolve(e.getKey()), e.getValue());
        }
        // owner-only like the reports they come from; comparison.json last: a folder with it is complete
        AtomicFiles.writePrivate(out.resolve("comparison.csv"), csv(rows).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writePrivate(out.resolve("comparison.html"), html(rows, charts).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.writePrivate(out.resolve("comparison.json"), json(rows, reports).getBytes(StandardCharsets.UTF_8));
        return rows;
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("report,model_id,protocol,accuracy,std,auc,tar@far=" + TAR_FAR
                + ",rank1,dir@far=" + DIR_FAR + ",threshold,threshold_source,data\n");
        for (Row r : rows) {
            sb.append(String.join(",", csvCell(r.report()), csvCell(r.modelId()), csvCell(r.protocol()), n(r.accuracy()),
                    n(r.std()), n(r.auc()), n(r.tarAtFar()), n(r.rank1()), n(r.dirAtFar()), n(r.threshold()),
                    csvCell(r.thresholdSource()), csvCell(r.data()))).append('\n');
        }
        return sb.toString();
    }

    static String html(List<Row> rows, Map<String, byte[]> charts) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Comparison</title>"
                + "<style>body{font-family:sans-serif}td,th{padding:2px 8px;border-bottom:1px solid #ddd}</style></head>"
                + "<body><h1>Evaluate reports side by side</h1>\n<table><tr><th>report</th><th>model</th><th>verification"
                + "</th><th>accuracy</th><th>AUC</th><th>TAR @ FAR " + TAR_FAR + "</th><th>one-shot rank-1</th><th>DIR @ FAR "
                + DIR_FAR + "</th><th>calibrated threshold</th><th>data</th></tr>\n");
        for (Row r : rows) {
            h.append(HtmlReport.row(HtmlReport.esc(r.report()), HtmlReport.esc(r.modelId()), HtmlReport.esc(r.protocol()),
                    Double.isFinite(r.accuracy()) ? f(r.accuracy()) + " &plusmn; " + f(r.std()) : "", f(r.auc()),
                    f(r.tarAtFar()), f(r.rank1()), f(r.dirAtFar()), f(r.threshold()) + " (" + HtmlReport.esc(
                            r.thresholdSource()) + ")", HtmlReport.esc(r.data())));
        }
        h.append("</table>\n<p>Each row is one report as Evaluate wrote it; compare rows evaluated on the same people."
                + "</p>\n");
        for (Map.Entry<String, byte[]> e : charts.entrySet()) {
            h.append("<p><img alt=\"").append(HtmlReport.esc(e.getKey())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(e.getValue())).append("\"></p>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    static String json(List<Row> rows, List<Path> reports) {
        JsonObject root = new JsonObject();
        JsonArray a = new JsonArray();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            JsonObject o = new JsonObject();
            o.addProperty("report", reports.get(i).toString());
            o.addProperty("modelId", r.modelId());
            o.addProperty("data", r.data());
            o.addProperty("protocol", r.protocol());
            put(o, "accuracy", r.accuracy());
            put(o, "std", r.std());
            put(o, "auc", r.auc());
            put(o, "tarAtFar" + TAR_FAR, r.tarAtFar());
            put(o, "rank1", r.rank1());
            put(o, "dirAtFar" + DIR_FAR, r.dirAtFar());
            put(o, "threshold", r.threshold());
            o.addProperty("thresholdSource", r.thresholdSource());
            a.add(o);
        }
        root.add("reports", a);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    private static Map<String, byte[]> charts(List<Path> reports, List<Row> rows) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        XYChart roc = Plots.chart("ROC (accept when distance < threshold)", "FAR (log scale)", "TAR");
        XYChart cmc = Plots.chart("One-shot CMC", "rank", "identification rate");
        XYChart dir = Plots.chart("Open set: DIR vs FAR", "FAR (strangers accepted, log scale)", "DIR");
        for (XYChart c : List.of(roc, dir)) {
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        }
        boolean anyRoc = false;
        boolean anyCmc = false;
        boolean anyDir = false;
        for (int i = 0; i < reports.size(); i++) {
            String name = rows.get(i).report();
            anyRoc |= curve(roc, name, reports.get(i).resolve("roc.csv"), true, null);
            anyDir |= curve(dir, name, reports.get(i).resolve("dir-far.csv"), true, null);
            anyCmc |= curve(cmc, name, reports.get(i).resolve("cmc.csv"), false, "one-shot");
        }
        if (anyRoc) {
            out.put("roc.png", Plots.png(roc));
        }
        if (anyCmc) {
            out.put("cmc.png", Plots.png(cmc));
        }
        if (anyDir) {
            out.put("dir-far.png", Plots.png(dir));
        }
        return out;
    }

    /**
     * Adds one report's curve: ROC / DIR-FAR tables (columns threshold, last accepted, far, rate; points at FAR 0 left out,
     * a log axis cannot show them) or the CMC table (rows of {@code experiment}, rank in column 5, rate in 6).
     */
    private static boolean curve(XYChart c, String name, Path csv, boolean farCurve, String experiment) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return false;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (farCurve) {
                double far = Double.parseDouble(f[2]);
                if (far > 0) {
                    x.add(far);
                    y.add(Double.parseDouble(f[3]));
                }
            } else if (f[0].equals(experiment)) {
                x.add(Double.parseDouble(f[4]));
                y.add(Double.parseDouble(f[5]));
            }
        }
        if (x.isEmpty()) {
            return false;
        }
        Plots.line(c, name, x.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToDouble(Double::doubleValue).toArray());
        return true;
    }

    private static double num(JsonObject o, String... path) {
        JsonElement e = o;
        for (String p : path) {
            if (e == null || !e.isJsonObject() || !e.getAsJsonObject().has(p)) {
                return Double.NaN;
            }
            e = e.getAsJsonObject().get(p);
        }
        return e != null && e.isJsonPrimitive() ? e.getAsDouble() : Double.NaN;
    }

    private static void put(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) {
            o.addProperty(key, v);
        }
    }

    private static String n(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
