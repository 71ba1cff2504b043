package oneshot.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import oneshot.SharedData;
import oneshot.data.PairsProtocol;
import oneshot.embed.EmbeddingTable;
import oneshot.report.ReportWriter;

/**
 * Times evaluation from cached embeddings: synthetic unit vectors for every LFW image (names from ../shared/data/lfw, no pixels
 * read), the real {@code pairs.txt}. Prints one table: each stage's best-of-N wall time and the
 * process CPU time of that run (JIT and GC threads included).
 *
 * <pre>mvn -q -B -o compile exec:java -Dexec.mainClass=oneshot.eval.EvaluationBenchmark -Dexec.args="[repeats] [reportDir]"</pre>
 */
public final class EvaluationBenchmark {
    private EvaluationBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path reportDir = Path.of(args.length > 1 ? args[1] : "target/benchmark-report");
        Path lfw = SharedData.require("data/lfw");
        List<String> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(lfw)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(d)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
                        paths.add(d.getFileName() + "/" + f.getFileName());
                        labels.add(d.getFileName().toString());
                    }
                }
            }
        }
        EmbeddingTable table = SyntheticEmbeddings.of(paths, labels, 128, 0.125, 7);
        Path tmp = Files.createTempDirectory("oneshot-bench");
        Path bin = tmp.resolve("lfw.emb");
        Path csv = tmp.resolve("lfw.csv");
        EvaluationSettings s = EvaluationSettings.defaults();
        List<String[]> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "synthetic table: %d images, %d identities, dim 128; %d cores; best of %d%n",
                table.size(), new LinkedHashSet<>(labels).size(), Runtime.getRuntime().availableProcessors(), repeats);

        rows.add(row("write binary table", time(repeats, () -> table.writeBinary(bin))));
        rows.add(row("read binary table (" + Files.size(bin) / 1024 + " KiB)", time(repeats, () -> EmbeddingTable.read(bin))));
        rows.add(row("write CSV table", time(repeats, () -> table.writeCsv(csv))));
        rows.add(row("read CSV table (" + Files.size(csv) / 1024 + " KiB)", time(repeats, () -> EmbeddingTable.read(csv))));
        Path pairsFile = lfw.resolve("pairs.txt");
        rows.add(row("parse pairs.txt (6000 pairs)", time(repeats, () -> PairsProtocol.read(pairsFile))));
        PairsProtocol pairs = PairsProtocol.read(pairsFile);
        double[] grid = ThresholdGrid.openFace(s.distance());
        VerificationScores[] scores = new VerificationScores[1];
        rows.add(row("distances of 6000 pairs", time(repeats, () -> scores[0] = VerificationScores.of(table, pairs, s.distance(), false))));
        rows.add(row("10-fold OpenFace protocol", time(repeats, () -> KFoldVerification.run(scores[0], grid))));
        rows.add(row("ROC + AUC + EER + TAR@FAR", time(repeats, () -> RocCurve.of(scores[0]))));
        rows.add(row("threshold sweep (400 thresholds)", time(repeats, () -> ThresholdSweep.run(scores[0], grid))));
        rows.add(row("bootstrap, 1000 replicates", time(repeats, () -> Bootstrap.roc(scores[0].distance(), scores[0].same(),
                s.reportFarArray(), 1000, 0.95, 42))));
        List<EvaluationRun.PairsInput> in = List.of(new EvaluationRun.PairsInput(pairs, null));
        rows.add(row("verification total, no report (pairs file -> all metrics)", time(repeats, () -> EvaluationRun.compute(
                "bench", table, bin.toString(), List.of(new EvaluationRun.PairsInput(PairsProtocol.read(pairsFile), null)),
                false, false, s))));
        EvaluationRun ver = EvaluationRun.compute("bench", table, bin.toString(), in, false, false, s);
        rows.add(row("report for verification (HTML + PNG + CSV + JSON)", time(repeats, () -> ReportWriter.write(ver, null,
                reportDir.resolve("verification"), true))));
        rows.add(row("1:K recognition, all LFW identities (one-shot + 1/2/3/5 templates)",
                time(repeats, () -> IdentificationResult.compute(table, s))));
        EvaluationRun all = EvaluationRun.compute("bench", table, bin.toString(), in, true, false, s);
        rows.add(row("report for verification + 1:K", time(repeats, () -> ReportWriter.write(all, null, reportDir.resolve("all"), true))));
        rows.add(row("end to end: read binary, verify, 1:K, report", time(repeats, () -> {
            EmbeddingTable t = EmbeddingTable.read(bin);
            EvaluationRun r = EvaluationRun.compute("bench", t, bin.toString(),
                    List.of(new EvaluationRun.PairsInput(PairsProtocol.read(pairsFile), null)), true, false, s);
            ReportWriter.write(r, null, reportDir.resolve("all"), true);
        })));

        System.out.println();
        System.out.printf("| %-72s | %10s | %14s |%n", "stage", "wall ms", "process CPU ms");
        System.out.printf("|%s|%s|%s|%n", "-".repeat(74), "-".repeat(12), "-".repeat(16));
        for (String[] r : rows) {
            System.out.printf("| %-72s | %10s | %14s |%n", r[0], r[1], r[2]);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        var k = ver.verification().get(0);
        System.out.printf(Locale.ROOT, "%nsynthetic-data sanity (not a face-recognition result): 10-fold accuracy %.4f, AUC %.4f%n",
                k.kfold().meanAccuracy(), k.roc().auc());
        for (Path p : List.of(bin, csv)) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(tmp);
    }

    interface Task {
        void run() throws Exception;
    }

    /** Best wall time and the process CPU time of that same run, in ms (CPU time is what a busy machine cannot inflate). */
    static double[] time(int repeats, Task t) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double best = Double.MAX_VALUE;
        double cpu = 0;
        for (int i = 0; i < repeats; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            t.run();
            double wall = (System.nanoTime() - t0) / 1e6;
            if (wall < best) {
                best = wall;
                cpu = (os.getProcessCpuTime() - c0) / 1e6;
            }
        }
        return new double[] {best, cpu};
    }

    static String[] row(String name, double[] ms) {
        return new String[] {name, String.format(Locale.ROOT, "%.1f", ms[0]), String.format(Locale.ROOT, "%.0f", ms[1])};
    }
}
