package oneshot.train;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import oneshot.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A run's report, regenerated from its {@link TrainingState}: {@code steps.csv}, {@code epochs.csv},
 * {@code training-curves.png} (loss and active-triplet fraction per step), {@code validation-curves.png} (AUC and
 * TAR@FAR per epoch) and {@code summary.json}.
 */
public final class TrainingReport {
    private TrainingReport() {}

    public static void write(Path runDir, TrainingState s, Map<String, Object> summary) throws IOException {
        AtomicFiles.writeString(runDir.resolve("steps.csv"), stepsCsv(s));
        AtomicFiles.writeString(runDir.resolve("epochs.csv"), epochsCsv(s));
        AtomicFiles.writeBytes(runDir.resolve("training-curves.png"), trainingChart(s));
        AtomicFiles.writeBytes(runDir.resolve("validation-curves.png"), validationChart(s));
        AtomicFiles.writeString(runDir.resolve("summary.json"), new GsonBuilder().setPrettyPrinting()
                .serializeSpecialFloatingPointValues().disableHtmlEscaping().create().toJson(summary) + "\n");
    }

    static String stepsCsv(TrainingState s) {
        StringBuilder sb = new StringBuilder("epoch,step,images,loss,triplets,anchor_positive_pairs,active_fraction,"
                + "mean_d_ap,mean_d_an,no_valid_triplet,triplet_loss,distill_loss,distill_pairs,teacher_correlation,"
                + "match_loss,learning_rate\n");
        for (TrainingState.Step t : s.steps) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%d,%s,%d,%d,%s,%s,%s,%b,%s,%s,%d,%s,%s,%s%n", t.epoch, t.step,
                    t.images, f(t.loss), t.triplets, t.candidatePairs, f(t.activeFraction), f(t.meanPositive),
                    f(t.meanNegative), t.triplets == 0, f(t.tripletLoss), f(t.distillLoss), t.distillPairs,
                    f(t.teacherCorrelation), f(t.matchLoss), t.learningRate == 0 ? ""
                            : String.format(Locale.ROOT, "%.6g", t.learningRate)));
        }
        return sb.toString();
    }

    static String epochsCsv(TrainingState s) {
        StringBuilder sb = new StringBuilder("epoch,steps,steps_without_triplet,mean_loss,mean_active_fraction,"
                + "val_auc,val_tar_at_far_1e-3,val_threshold,seconds,images_per_second\n");
        for (TrainingState.Epoch e : s.epochs) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%s,%s,%s,%.1f,%.1f%n", e.epoch, e.steps,
                    e.stepsWithoutTriplet, f(e.meanLoss), f(e.meanActiveFraction), f(e.valAuc), f(e.valTarAtFar),
                    f(e.valThreshold), e.seconds, e.imagesPerSecond));
        }
        return sb.toString();
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static byte[] trainingChart(TrainingState s) throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(500).title("Triplet training (" + s.miner + ")")
                .xAxisTitle("step").yAxisTitle("value").build();
        List<Double> x = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> active = new ArrayList<>();
        List<Double> yield = new ArrayList<>();
        List<Double> dx = new ArrayList<>();
        List<Double> distill = new ArrayList<>();
        List<Double> corr = new ArrayList<>();
        int i = 0;
        for (TrainingState.Step t : s.steps) {
            i++;
            if (Float.isFinite(t.distillLoss) && t.distillPairs > 0) {
                dx.add((double) i);
                distill.add((double) t.distillLoss);
                corr.add((double) t.teacherCorrelation);
            }
            if (t.triplets == 0) {
                continue; // no valid triplet: nothing to plot, counted in epochs.csv
            }
            x.add((double) i);
            loss.add((double) t.loss);
            active.add((double) t.activeFraction);
            if (t.candidatePairs > 0) {
                yield.add(t.triplets / (double) t.candidatePairs);
            }
        }
        if (x.isEmpty()) {
            x.add(0.0);
            loss.add(0.0);
            active.add(0.0);
            yield.add(0.0);
        }
        c.addSeries("loss", x, loss).setMarker(SeriesMarkers.NONE);
        c.addSeries("active-triplet fraction", x, active).setMarker(SeriesMarkers.NONE);
        // With margin-violating miners every mined triplet is active; how many pairs found a negative says more.
        if (yield.size() == x.size()) { // logs from before the pair count was recorded lack it
            c.addSeries("triplets per anchor-positive pair", x, yield).setMarker(SeriesMarkers.NONE);
        }
        if (!dx.isEmpty()) {
            c.addSeries("distillation loss (unweighted)", dx, distill).setMarker(SeriesMarkers.NONE);
            c.addSeries("student-teacher distance correlation", dx, corr).setMarker(SeriesMarkers.NONE);
        }
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }

    private static byte[] validationChart(TrainingState s) throws IOException {
        XYChart c = new XYChartBuilder().width(900).height(500).title("Validation on held-out identities")
                .xAxisTitle("epoch (0 = starting model)").yAxisTitle("value").build();
        List<Double> x = new ArrayList<>();
        List<Double> auc = new ArrayList<>();
        List<Double> tar = new ArrayList<>();
        for (TrainingState.Epoch e : s.epochs) {
            x.add((double) e.epoch);
            auc.add(e.valAuc);
            tar.add(e.valTarAtFar);
        }
        if (x.isEmpty()) {
            x.add(0.0);
            auc.add(0.0);
            tar.add(0.0);
        }
        c.addSeries("AUC", x, auc);
        c.addSeries("TAR @ FAR=1e-3", x, tar);
        return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    }
}
