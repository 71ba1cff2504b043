package oneshot.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import oneshot.UsageException;
import oneshot.data.PairsProtocol;
import oneshot.embed.EmbeddingTable;
import oneshot.eval.Distance;
import oneshot.io.OutputGuard;
import oneshot.eval.EvaluationRun;
import oneshot.eval.EvaluationSettings;
import oneshot.eval.GallerySplit;
import oneshot.eval.IdentityPairs;
import oneshot.report.ComparisonReport;
import oneshot.gallery.ClassifierComparison;
import oneshot.report.ClassifierComparisonReport;
import oneshot.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code Evaluate}: verification on LFW-style pairs files and one-shot 1:K recognition from a table of precomputed embeddings,
 * written as a report folder (HTML, PNG, CSV, summary.json with the calibrated threshold).
 */
@Command(name = "Evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates embeddings: LFW-style verification (k-fold accuracy, ROC, AUC, EER, TAR@FAR, threshold sweep)",
                "and one-shot 1:K recognition (rank-1/5, CMC, open-set DIR@FAR), then writes a report folder.",
                "Input: an embedding file (CSV path,label,e0..e127 or the binary .emb format), or --images DIR of aligned",
                "crops with --model. Accept rule everywhere: distance < threshold. Metrics and choices: docs/evaluation.md."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = {"-e", "--embeddings"}, paramLabel = "FILE",
            description = "Embedding table: CSV (path,label,e0..e127, optional '# model=<id>' first line) or binary .emb.")
    Path embeddings;

    @Option(names = "--compare", paramLabel = "REPORT", description = "Instead of evaluating: put finished Evaluate"
            + " report folders side by side (repeatable; one table row and one curve per report, into -o/--name's folder).")
    List<Path> compare = new ArrayList<>();

    @Option(names = "--images", paramLabel = "DIR", description = "Instead of --embeddings: aligned face crops "
            + "<identity>/<image>, embedded with --model (cached under cache/embeddings/, resumable).")
    Path images;

    @Option(names = "--model", paramLabel = "NAME|FILE", description = "Model for --images: params file, manifest or name in "
            + "weights/ (default: the best model found).")
    String model;

    @Option(names = "--cache", paramLabel = "FILE", description = "Embedding cache for --images (default "
            + "cache/embeddings/<model id>/<images folder>.csv, with a .emb beside it).")
    Path cache;

    @Option(names = "--pairs", paramLabel = "FILE", description = "LFW pairs file to verify on (repeatable): View 2 pairs.txt "
            + "runs the 10-fold protocol; a View 1 file (pairsDevTest.txt) uses the threshold picked on --train-pairs.")
    List<Path> pairs = new ArrayList<>();

    @Option(names = "--train-pairs", paramLabel = "FILE",
            description = "View 1 training pairs (pairsDevTrain.txt) whose best threshold is applied to single-fold --pairs files.")
    Path trainPairs;

    @Option(names = "--identities", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Evaluate 1:K recognition on the table's identity labels (default: on when at least 2 identities "
                    + "have 2 or more images).")
    boolean identities;

    @Option(names = "--identity-pairs", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Without --pairs: verify on pairs made from the labels (every same-person pair, as many"
                    + " different-person ones, people dealt into up to 10 folds), for k-fold accuracy, ROC and, with"
                    + " --no-identities, a verification threshold for Verify --calibration (default on).")
    boolean identityPairs;

    @Option(names = "--compare-classifier", description = "Also compare heads fitted on the enrolled people's vectors"
            + " (softmax, linear SVM) with the distance method from one enrolled image and from the mean template"
            + " (rank-1, DIR at --target-far). Strangers: the people with one image, or, when everyone has several (a"
            + " folder of your own people), each person left out in turn. Trains classifiers: minutes on thousands of"
            + " vectors.")
    boolean compareClassifier;

    @Option(names = "--distance", defaultValue = "squared_l2", description = "squared_l2 (OpenFace, default), l2 or cosine.")
    String distance;

    @Option(names = "--target-far", defaultValue = "0.01", description = "FAR for the calibrated threshold (default ${DEFAULT-VALUE}).")
    double targetFar;

    @Option(names = "--far", split = ",", defaultValue = "0.001,0.01,0.1",
            description = "FARs at which TAR and DIR are reported (default ${DEFAULT-VALUE}).")
    List<Double> fars;

    @Option(names = "--enrol", split = ",", defaultValue = "1,2,3,5",
            description = "Enrolled images per identity for the template comparison (default ${DEFAULT-VALUE}).")
    List<Integer> enrol;

    @Option(names = "--known-fraction", defaultValue = "0.5",
            description = "Share of identities enrolled in the open-set tests; the rest are strangers (default ${DEFAULT-VALUE}).")
    double knownFraction;

    @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap replicates for intervals, 0 = none (default ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for gallery choice, strangers and bootstrap (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skip-missing", description = "Leave out pairs whose images have no embedding (counted in the report) "
            + "instead of stopping.")
    boolean skipMissing;

    @Option(names = "--model-id", paramLabel = "ID", description = "Model id, when the embedding file records none; refused if "
            + "it contradicts the file's.")
    String modelId;

    @Option(names = "--manifest", paramLabel = "FILE", description = "Model manifest (JSON) copied into summary.json "
            + "(default: the manifest in weights/ whose modelId matches the embeddings').")
    Path manifest;

    @Option(names = "--name", description = "Run name; the report goes to reports/eval-<name> (default: a timestamp).")
    String name;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Report folder (overrides --name's default).")
    Path out;

    @Option(names = "--force", description = "Write into the report folder of an earlier run (never into any other folder).")
    boolean force;

    @Option(names = "--no-plots", description = "Skip the PNG plots (CSV, JSON and HTML tables only).")
    boolean noPlots;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (UsageException e) {
            throw e; // exit code 2 through Cli
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("Evaluate: " + e.getMessage());
            return 1;
        }
    }

    private int run() throws IOException {
        if (!compare.isEmpty()) {
            return compareReports();
        }
        if ((embeddings == null) == (images == null)) {
            throw new UsageException("give exactly one of --embeddings FILE or --images DIR (with --model)");
        }
        JsonElement modelManifest = null;
        Path tableFile = embeddings;
        String source = embeddings == null ? null : embeddings.toString();
        if (images != null) {
            ImageEmbeddings.Result r = ImageEmbeddings.get(images, model, cache);
            tableFile = r.table();
            source = r.table() + " (embedded from " + images + ")";
            modelManifest = r.manifest();
        }
        EmbeddingTable table = EmbeddingTable.read(tableFile);
        if (modelId != null && !modelId.isBlank()) {
            if (!table.modelId().isEmpty() && !table.modelId().equals(modelId)) {
                throw new IllegalArgumentException(embeddings + " was made by model '" + table.modelId()
                        + "', not '" + modelId + "'");
            }
            table = new EmbeddingTable(modelId, table.paths(), table.labels(), copy(table));
        }
        EvaluationSettings settings;
        try {
            settings = new EvaluationSettings(Distance.parse(distance), seed, targetFar, fars, bootstrap, 0.95, enrol,
                    knownFraction);
        } catch (IllegalArgumentException e) { // every field comes from an option
            throw new UsageException(e.getMessage());
        }
        PairsProtocol train = trainPairs == null ? null : PairsProtocol.read(trainPairs);
        List<EvaluationRun.PairsInput> inputs = new ArrayList<>();
        for (Path p : pairs) {
            PairsProtocol protocol = PairsProtocol.read(p);
            inputs.add(new EvaluationRun.PairsInput(protocol, protocol.folds() == 1 ? train : null));
        }
        boolean runIds = identities && GallerySplit.of(table.labels(), table.paths(), 1, seed).eligible().size() >= 2;
        if (identities && !runIds) {
            System.err.println("Evaluate: skipping 1:K recognition: fewer than 2 identities have 2 or more images");
        }
        String noPairs = inputs.isEmpty() && identityPairs ? IdentityPairs.why(table, seed) : "";
        boolean runPairs = noPairs == null;
        if (noPairs != null && !noPairs.isEmpty()) {
            System.err.println("Evaluate: no verification: " + noPairs);
        }
        if (inputs.isEmpty() && !runIds && !runPairs) {
            throw new IllegalArgumentException("nothing to evaluate: give --pairs, or labels with 2+ images per identity");
        }
        String runName = name != null ? name : LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = out != null ? out : Path.of("reports", "eval-" + runName);
        List<Path> read = new ArrayList<>(pairs);
        read.add(embeddings);
        read.add(images);
        read.add(trainPairs);
        OutputGuard.checkFolder(dir, "summary.json", force, false, read);
        JsonElement manifestJson = modelManifest != null ? modelManifest : oneshot.net.ModelStore.manifestOf(table.modelId());
        if (manifest != null) {
            try {
                manifestJson = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8));
            } catch (com.google.gson.JsonParseException e) {
                throw new IllegalArgumentException("model manifest " + manifest + " is " + oneshot.io.JsonErrors.describe(e));
            }
        }
        EvaluationRun result = EvaluationRun.compute(runName, table, source, inputs, runIds, runPairs, skipMissing,
                settings);
        // before anything is written: a table the comparison cannot split stops the run without a half report
        ClassifierComparison.Result heads = compareClassifier ? classifierComparison(table) : null;
        ReportWriter.write(result, manifestJson, dir, !noPlots);
        if (heads != null) {
            ClassifierComparisonReport.addTo(dir, heads);
        }
        System.out.println(Summary.line(result));
        warnIfTooFewImpostors(result);
        System.out.println("report: " + dir.toAbsolutePath().normalize().resolve("report.html"));
        return 0;
    }

    /** {@code --compare-classifier}'s figures; a table the protocols cannot split is a bad input, not a crash. */
    private ClassifierComparison.Result classifierComparison(EmbeddingTable table) {
        try {
            return ClassifierComparison.compare(table, targetFar, ClassifierComparison.Options.defaults());
        } catch (oneshot.gallery.GalleryException e) {
            throw new IllegalArgumentException("--compare-classifier on " + (embeddings != null ? embeddings : images)
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@code --compare}: several reports in one table and one set of overlaid curves. */
    private int compareReports() throws IOException {
        if (embeddings != null || images != null || !pairs.isEmpty()) {
            throw new UsageException("--compare reads finished reports: give it without --embeddings, --images or --pairs");
        }
        if (compare.size() < 2) {
            throw new UsageException("--compare needs two or more report folders, got " + compare.size());
        }
        String runName = name != null ? name : "comparison-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = out != null ? out : Path.of("reports", "eval-" + runName);
        OutputGuard.checkFolder(dir, "comparison.json", force, false, new ArrayList<>(compare));
        List<ComparisonReport.Row> rows = ComparisonReport.write(compare, dir, !noPlots);
        for (ComparisonReport.Row r : rows) {
            System.out.printf(java.util.Locale.ROOT, "%s (%s): accuracy %.4f, AUC %.4f, rank-1 %.4f, DIR@FAR=%s %.4f%n",
                    r.report(), r.modelId(), r.accuracy(), r.auc(), r.rank1(), ComparisonReport.DIR_FAR, r.dirAtFar());
        }
        System.out.println("comparison: " + dir.toAbsolutePath().normalize().resolve("comparison.html"));
        return 0;
    }

    /**
     * A FAR of f is only resolved by at least 1/f different-person pairs, and estimated stably by about 10/f: below that the
     * threshold is set by the few closest pairs that happened to be drawn (bbt: 80 pairs, threshold 0.186, and a pair not
     * drawn, Penny vs Amy, at 0.182).
     */
    static void warnIfTooFewImpostors(EvaluationRun r) {
        if (!oneshot.eval.Calibration.VERIFICATION.equals(r.calibration().source()) || r.verification().isEmpty()) {
            return;
        }
        int negatives = r.verification().get(0).scores().negatives();
        double far = r.calibration().targetFar();
        if (negatives < 10 / far) {
            System.err.printf(java.util.Locale.ROOT, "warning: the threshold for FAR %s rests on %d different-person pairs;"
                    + " about %d are needed to estimate it (%s): the real FAR at it may be higher; add people%n", far, negatives,
                    Math.round(10 / far), negatives < 1 / far ? "fewer than 1/FAR: no false accept may occur among them"
                            : "10/FAR");
        }
    }

    private static float[][] copy(EmbeddingTable t) {
        float[][] v = new float[t.size()][];
        for (int i = 0; i < t.size(); i++) {
            v[i] = t.vector(i);
        }
        return v;
    }

    /** One-paragraph console summary. */
    static final class Summary {
        static String line(EvaluationRun r) {
            StringBuilder sb = new StringBuilder();
            for (var v : r.verification()) {
                sb.append(v.name()).append(": ");
                if (v.kfold() != null) {
                    sb.append(String.format("accuracy %.4f +- %.4f, ", v.kfold().meanAccuracy(), v.kfold().stdAccuracy()));
                }
                if (v.trainTest() != null) {
                    sb.append(String.format("test accuracy %.4f at %.2f, ", v.trainTest().testAccuracy(), v.trainTest().threshold()));
                }
                sb.append(String.format("AUC %.4f, EER %.4f%n", v.roc().auc(), v.roc().eer()));
            }
            if (r.identification() != null) {
                var c = r.identification().closedSet();
                sb.append(String.format("1:K one-shot: rank-1 %.4f, rank-5 %.4f over %d identities%n", c.rank(1), c.rank(5),
                        c.galleryIdentities()));
            }
            var cal = r.calibration();
            sb.append(String.format("calibrated %s threshold %.6f for FAR <= %s (%s)", cal.distance().id(), cal.threshold(),
                    cal.targetFar(), cal.source()));
            return sb.toString();
        }
    }

}
