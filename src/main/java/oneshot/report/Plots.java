package oneshot.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oneshot.eval.EvaluationRun;
import oneshot.eval.Identification;
import oneshot.eval.RocCurve;
import oneshot.eval.ThresholdSweep;
import oneshot.eval.VerificationResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts as PNG bytes (XChart, headless): ROC with log-scale FAR, threshold sweep, CMC and DIR-vs-FAR.
 * Returned as name -> PNG so the writer can both save them and embed them in the HTML page.
 */
public final class Plots {
    private static final int W = 760;
    private static final int H = 480;

    private Plots() {}

    public static Map<String, byte[]> all(EvaluationRun run) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!run.verification().isEmpty()) {
            out.put("roc.png", png(roc(run.verification())));
            for (int i = 0; i < run.verification().size(); i++) {
                String sfx = i == 0 ? "" : "-" + (i + 1);
                out.put("sweep" + sfx + ".png", png(sweep(run.verification().get(i), run.settings().distance().id())));
                out.put("distances" + sfx + ".png", png(histogram(run.verification().get(i), run.settings())));
            }
        }
        if (run.identification() != null) {
            out.put("cmc.png", png(cmc(run)));
            out.put("dir-far.png", png(dirFar(run)));
        }
        return out;
    }

    static XYChart roc(List<VerificationResult> results) {
        XYChart c = chart("ROC (accept when distance < threshold)", "FAR (log scale)", "TAR");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        for (VerificationResult v : results) {
            addCurve(c, v.name() + String.format(" AUC=%.4f", v.roc().auc()), v.roc());
        }
        return c;
    }

    static XYChart sweep(VerificationResult v, String distance) {
        XYChart c = chart("Threshold sweep: " + v.name(), "threshold (" + distance + " distance)", "rate");
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        c.getStyler().setSeriesColors(new java.awt.Color[] {java.awt.Color.BLACK, new java.awt.Color(0x1f77b4),
            new java.awt.Color(0x2ca02c), new java.awt.Color(0x9467bd), new java.awt.Color(0xd62728), new java.awt.Color(0xff7f0e)});
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        List<ThresholdSweep.Row> rows = v.sweep();
        double[] x = rows.stream().mapToDouble(ThresholdSweep.Row::threshold).toArray();
        line(c, "accuracy", x, rows.stream().mapToDouble(ThresholdSweep.Row::accuracy).toArray());
        line(c, "precision", x, rows.stream().mapToDouble(ThresholdSweep.Row::precision).toArray());
        line(c, "recall (TAR)", x, rows.stream().mapToDouble(ThresholdSweep.Row::recall).toArray());
        line(c, "F1", x, rows.stream().mapToDouble(ThresholdSweep.Row::f1).toArray());
        line(c, "FAR", x, rows.stream().mapToDouble(ThresholdSweep.Row::far).toArray());
        line(c, "FRR", x, rows.stream().mapToDouble(ThresholdSweep.Row::frr).toArray());
        return c;
    }

    /** Share of same / different pairs per distance bin, with the threshold at the target FAR. */
    static XYChart histogram(VerificationResult v, oneshot.eval.EvaluationSettings settings) {
        XYChart c = chart("Distances: " + v.name(), settings.distance().id() + " distance", "share of pairs per bin");
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        double max = 0;
        for (double d : v.scores().distance()) {
            max = Math.max(max, d);
        }
        int bins = 80;
        double width = max > 0 ? max / bins * 1.0000001 : 1;
        double[] x = new double[bins];
        double[] same = new double[bins];
        double[] diff = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = (b + 0.5) * width;
        }
        int np = v.scores().positives();
        int nn = v.scores().negatives();
        for (int i = 0; i < v.scores().size(); i++) {
            int b = Math.min(bins - 1, (int) (v.scores().distance()[i] / width));
            if (v.scores().same()[i]) {
                same[b] += 1.0 / np;
            } else {
                diff[b] += 1.0 / nn;
            }
        }
        line(c, "same person (" + np + ")", x, same);
        line(c, "different people (" + nn + ")", x, diff);
        double t = v.atTargetFar().threshold();
        double top = 0;
        for (int b = 0; b < bins; b++) {
            top = Math.max(top, Math.max(same[b], diff[b]));
        }
        line(c, String.format("threshold at FAR <= %s: %.4f", settings.targetFar(), t), new double[] {t, t},
                new double[] {0, top});
        return c;
    }

    static XYChart cmc(EvaluationRun run) {
        XYChart c = chart("CMC (closed set)", "rank", "identification rate");
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        Identification.ClosedSet one = run.identification().closedSet();
        addCmc(c, "1 image, " + one.galleryIdentities() + " identities", one);
        for (Identification.ClosedSet t : run.identification().templateClosed()) {
            addCmc(c, t.enrol() + " image(s), " + t.galleryIdentities() + " identities", t);
        }
        return c;
    }

    static XYChart dirFar(EvaluationRun run) {
        XYChart c = chart("Open set: DIR vs FAR", "FAR (strangers accepted, log scale)", "DIR");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        Identification.OpenSet one = run.identification().openSet();
        addCurve(c, "1 image, " + one.galleryIdentities() + " enrolled", one.dirFar());
        for (Identification.OpenSet t : run.identification().templateOpen()) {
            addCurve(c, t.enrol() + " image(s), " + t.galleryIdentities() + " enrolled", t.dirFar());
        }
        return c;
    }

    private static void addCmc(XYChart c, String name, Identification.ClosedSet s) {
        int n = Math.min(50, s.cmc().length);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            x[r] = r + 1;
            y[r] = s.cmc()[r];
        }
        line(c, name, x, y);
    }

    /** Log axes cannot show FAR = 0: the curve starts at the first positive FAR. */
    private static void addCurve(XYChart c, String name, RocCurve roc) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (RocCurve.Point p : roc.points()) {
            if (p.far() > 0) {
                x.add(p.far());
                y.add(p.tar());
            }
        }
        if (x.isEmpty()) {
            x.add(1.0);
            y.add(roc.points().get(roc.points().size() - 1).tar());
        }
        c.addSeries(unique(c, name), x, y).setMarker(SeriesMarkers.NONE);
    }

    static void line(XYChart c, String name, double[] x, double[] y) {
        c.addSeries(unique(c, name), x, y).setMarker(SeriesMarkers.NONE);
    }

    private static String unique(XYChart c, String name) {
        String n = name;
        for (int i = 2; c.getSeriesMap().containsKey(n); i++) {
            n = name + " #" + i;
        }
        return n;
    }

    static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return c;
    }

    static byte[] png(XYChart c) throws IOException {
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }
}
