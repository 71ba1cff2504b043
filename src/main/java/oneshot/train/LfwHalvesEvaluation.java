package oneshot.train;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import oneshot.SharedData;
import oneshot.data.IdentityFolder;
import oneshot.data.PairsProtocol;
import oneshot.data.IdentitySplit;
import oneshot.embed.EmbeddingTable;
import oneshot.embed.FaceEmbedder;
import oneshot.image.RgbImage;
import oneshot.eval.Distance;
import oneshot.eval.EvaluationSettings;
import oneshot.eval.IdentificationResult;
import oneshot.eval.KFoldVerification;
import oneshot.eval.RocCurve;
import oneshot.eval.ThresholdGrid;
import oneshot.eval.VerificationScores;
import oneshot.io.AtomicFiles;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;

/**
 * The honest LFW View 2 figure for the two half-trained models: pairs of folds 1-5 are scored by the model that never
 * saw their people (trained on split lfw-view2-test-folds-1-5), pairs of folds 6-10 by the other; then OpenFace's
 * 10-fold protocol (threshold chosen on the other 9 folds, squared L2, grid 0..4 step 0.01), AUC and TAR@FAR=1e-3.
 * The starting (partly untrained) model is scored the same way for comparison.
 *
 * <p>Embeddings come from the product's {@link FaceEmbedder} on the aligned images (flip-averaged when the model's
 * manifest says so). Usage:
 * {@code LfwHalvesEvaluation [model-for-folds-1-5] [model-for-folds-6-10] [baseline] [out.json] [dataset] [teacher]}
 * (with a teacher name, its own row from its cached targets is added); the dataset
 * defaults, like Train's, to data/aligned/lfw when it exists, else ../shared/data/lfw. Images are matched to pairs by
 * {@code name/name_0001} whatever their extension (Align writes .png), the rule of {@link EmbeddingTable#indexOf}.
 */
public final class LfwHalvesEvaluation {
    private static final int BATCH = 64;

    private LfwHalvesEvaluation() {}

    public static void main(String[] args) throws Exception {
        String modelA = args.length > 0 ? args[0] : "nn4.small2.v1-partial-trained-" + LfwHalfSplits.name(1, 5);
        String modelB = args.length > 1 ? args[1] : "nn4.small2.v1-partial-trained-" + LfwHalfSplits.name(6, 10);
        String baseline = args.length > 2 ? args[2] : "nn4.small2.v1-partial";
        Path out = Path.of(args.length > 3 ? args[3] : "reports/train/lfw-view2-10fold.json");
        Path aligned = Path.of("data", "aligned", "lfw");
        Path root = args.length > 4 ? Path.of(args[4])
                : java.nio.file.Files.isDirectory(aligned) ? aligned : SharedData.lfw();
        IdentityFolder lfw = IdentityFolder.scan(root);
        PairsProtocol pairs = PairsProtocol.read(SharedData.lfw().resolve("pairs.txt"));

        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Integer> rowOf = rowIndex(lfw);
        Path splits = Path.of("data", "splits");
        double[] trained = new double[pairs.size()];
        // each half model embeds its pairs' images and its test people's images once (the pairs' are among them)
        Map<String, Object> a = scoreHalf(modelA, lfw, pairs, rowOf, 0, 4, splits.resolve(LfwHalfSplits.name(1, 5) + ".json"),
                trained);
        Map<String, Object> b = scoreHalf(modelB, lfw, pairs, rowOf, 5, 9, splits.resolve(LfwHalfSplits.name(6, 10) + ".json"),
                trained);
        Map<String, Object> halves = summarize(trained, pairs);
        halves.put("oneShotUnseenHalf", List.of(a, b));
        halves.put("rank1", ((double) a.get("rank1") + (double) b.get("rank1")) / 2);
        halves.put("dirAtFar0.01", ((double) a.get("dirAtFar0.01") + (double) b.get("dirAtFar0.01")) / 2);
        report.put("trained halves (" + modelA + " on folds 1-5, " + modelB + " on folds 6-10)", halves);
        double[] base = new double[pairs.size()];
        int[] baseRows = pairRows(pairs, rowOf, 0, 9, lfw);
        scoreFolds(embed(baseline, lfw, baseRows), pairs, rowOf, 0, 9, base);
        report.put("starting model " + baseline + " (all folds)", summarize(base, pairs));
        if (args.length > 5) {
            report.put("teacher " + args[5] + " (never trained on LFW; all folds)", teacherScores(args[5], lfw, pairs));
        }
        report.put("dataset", root.toString());
        report.put("reference OpenFace nn4.small2.v1 (complete original weights)",
                Map.of("accuracy", 0.9292, "std", 0.0134, "auc", 0.973));
        AtomicFiles.writeString(out, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(report) + "\n");
        System.out.println("| model | 10-fold accuracy | std | AUC | TAR@FAR=1e-3 | one-shot rank-1 | DIR@FAR=0.01 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Object> e : report.entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %s | %s | %s |%n", e.getKey(), m.get("accuracy"),
                    m.get("std"), m.get("auc"), rate(m.get("tarAtFar1e-3")), rate(m.get("rank1")),
                    rate(m.get("dirAtFar0.01")));
        }
        System.out.println("written to " + out);
    }

    /** A rate for the table: three decimals, or "-" when not measured. */
    private static String rate(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "-";
    }

    /**
     * The teacher's own figures from its targets (variant 0 = every LFW image as aligned, float16 unit vectors): the
     * 10-fold protocol on all pairs, and one-shot identification on each half's test people as for the half models.
     */
    static Map<String, Object> teacherScores(String teacherName, IdentityFolder lfw, PairsProtocol pairs)
            throws IOException {
        FaceVariants faces = new FaceVariants(lfw, FaceSources.of(lfw, null), Augmentation.NONE);
        float[][] all;
        String id;
        try (Teacher t = Teachers.builtIn(ModelStore.defaultDir()).open(teacherName);
             FeatureCache c = FeatureCache.open(Path.of("cache", "features"), TeacherTargets.key(t, faces), faces.rows(),
                     new long[] {t.dimension()}, "teacher targets")) {
            if (!c.complete()) {
                throw new IOException("Teacher targets " + c.dataFile() + " are not complete: run TeacherTargetsJob or"
                        + " a Train run with --teacher first");
            }
            id = t.id();
            int[] rows = new int[lfw.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            all = TeacherTargets.unitRows(c, rows);
        }
        double[] distance = new double[pairs.size()];
        scoreFolds(all, pairs, rowIndex(lfw), 0, 9, distance);
        Map<String, Object> m = summarize(distance, pairs);
        m.put("teacherId", id);
        List<Map<String, Object>> halves = new ArrayList<>();
        for (int[] h : new int[][] {{1, 5}, {6, 10}}) {
            IdentitySplit split = IdentitySplit.read(Path.of("data", "splits", LfwHalfSplits.name(h[0], h[1]) + ".json"));
            int[] rows = TrainingRun.rowsOf(lfw, split.test(), Integer.MAX_VALUE);
            float[][] emb = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                emb[i] = all[rows[i]];
            }
            halves.add(oneShot(id, lfw, split, rows, emb));
        }
        m.put("oneShotUnseenHalf", halves);
        m.put("rank1", ((double) halves.get(0).get("rank1") + (double) halves.get(1).get("rank1")) / 2);
        m.put("dirAtFar0.01", ((double) halves.get(0).get("dirAtFar0.01") + (double) halves.get(1).get("dirAtFar0.01"))
                / 2);
        return m;
    }


    private static Map<String, Object> summarize(double[] distance, PairsProtocol pairs) {
        boolean[] same = new boolean[pairs.size()];
        int[] fold = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            same[i] = pairs.pairs().get(i).same();
            fold[i] = pairs.pairs().get(i).fold();
        }
        VerificationScores scores = VerificationScores.of(distance, same, fold);
        KFoldVerification.Result r = KFoldVerification.run(scores, ThresholdGrid.openFace(Distance.SQUARED_L2));
        RocCurve roc = RocCurve.of(scores);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", r.meanAccuracy());
        m.put("std", r.stdAccuracy());
        m.put("auc", roc.auc());
        m.put("tarAtFar1e-3", roc.tarAtFar(1e-3));
        List<Double> thresholds = new ArrayList<>();
        for (KFoldVerification.Fold f : r.folds()) {
            thresholds.add(f.threshold());
        }
        m.put("thresholds", thresholds);
        m.put("pairs", pairs.size());
        return m;
    }

    /** {@code name/name_0001} (extension dropped, {@link EmbeddingTable#lookupKey}) to dataset row. */
    private static Map<String, Integer> rowIndex(IdentityFolder lfw) {
        Map<String, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < lfw.size(); i++) {
            rowOf.put(EmbeddingTable.lookupKey(lfw.relativeName(i)), i);
        }
        return rowOf;
    }

    private static int rowOfPath(Map<String, Integer> rowOf, String path, IdentityFolder lfw) throws IOException {
        Integer row = rowOf.get(EmbeddingTable.lookupKey(path));
        if (row == null) {
            throw new IOException("pairs.txt names " + path + ", which is not under " + lfw.root());
        }
        return row;
    }

    /** The distinct dataset rows of the pairs of folds {@code from..to} (0-based). */
    private static int[] pairRows(PairsProtocol pairs, Map<String, Integer> rowOf, int from, int to, IdentityFolder lfw)
            throws IOException {
        java.util.TreeSet<Integer> rows = new java.util.TreeSet<>();
        for (PairsProtocol.Pair p : pairs.pairs()) {
            if (p.fold() >= from && p.fold() <= to) {
                rows.add(rowOfPath(rowOf, p.path1(), lfw));
                rows.add(rowOfPath(rowOf, p.path2(), lfw));
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Half model {@code name} on the half it never saw: fills {@code distance} for the pairs of folds
     * {@code from..to} and returns its one-shot figures on the split's test people, from one embedding of each image.
     */
    private static Map<String, Object> scoreHalf(String name, IdentityFolder lfw, PairsProtocol pairs,
                                                 Map<String, Integer> rowOf, int from, int to, Path splitFile,
                                                 double[] distance) throws IOException {
        IdentitySplit split = IdentitySplit.read(splitFile);
        int[] testRows = TrainingRun.rowsOf(lfw, split.test(), Integer.MAX_VALUE);
        java.util.TreeSet<Integer> rows = new java.util.TreeSet<>();
        for (int r : testRows) {
            rows.add(r);
        }
        for (int r : pairRows(pairs, rowOf, from, to, lfw)) {
            rows.add(r);
        }
        float[][] byRow = embed(name, lfw, rows.stream().mapToInt(Integer::intValue).toArray());
        scoreFolds(byRow, pairs, rowOf, from, to, distance);
        float[][] emb = new float[testRows.length][];
        for (int i = 0; i < testRows.length; i++) {
            emb[i] = byRow[testRows[i]];
        }
        return oneShot(name, lfw, split, testRows, emb);
    }

    /**
     * Fills {@code distance[i]} for the pairs of folds {@code from..to} (0-based) from {@code byRow} (vectors by
     * dataset row, every row of those pairs present).
     */
    private static void scoreFolds(float[][] byRow, PairsProtocol pairs, Map<String, Integer> rowOf, int from, int to,
                                   double[] distance) {
        for (int i = 0; i < pairs.size(); i++) {
            PairsProtocol.Pair p = pairs.pairs().get(i);
            if (p.fold() < from || p.fold() > to) {
                continue;
            }
            float[] a = byRow[rowOf.get(EmbeddingTable.lookupKey(p.path1()))];
            float[] b = byRow[rowOf.get(EmbeddingTable.lookupKey(p.path2()))];
            distance[i] = Distance.SQUARED_L2.between(a, b); // the distance Evaluate uses
        }
    }

    /**
     * One-shot identification among the people a half model never saw (the split's test people, all their images):
     * one enrolled image per person, rank-1 over the others, and open-set DIR at FAR 0.01 with half the people
     * enrolled ({@link IdentificationResult}, the Evaluate command's defaults).
     */
    private static Map<String, Object> oneShot(String name, IdentityFolder lfw, IdentitySplit split, int[] rows,
                                               float[][] emb) {
        List<String> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int r : rows) {
            paths.add(lfw.relativeName(r));
            labels.add(lfw.identities().get(lfw.label(r)));
        }
        EmbeddingTable table = new EmbeddingTable(name, paths, labels, emb);
        EvaluationSettings s = EvaluationSettings.defaults();
        IdentificationResult r = IdentificationResult.compute(table, s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", split.name());
        m.put("testPeople", split.test().size());
        m.put("images", rows.length);
        m.put("rank1", r.closedSet().rank(1));
        m.put("oneShotProbes", r.closedSet().probes());
        m.put("galleryIdentities", r.closedSet().galleryIdentities());
        m.put("dirAtFar0.01", r.openSet().atFar(s.targetFar()).tar());
        m.put("farSeen", r.openSet().atFar(s.targetFar()).far());
        return m;
    }

    /**
     * Vectors by dataset row ({@code null} for rows not asked) of model {@code name}, through the product's
     * {@link FaceEmbedder} on the inference path every command uses (batch norm folded; with the model's flip averaging
     * when its manifest asks for it), so the figure is that of the vectors a user's gallery holds.
     */
    static float[][] embed(String name, IdentityFolder lfw, int[] dataRows) throws IOException {
        float[][] byRow = new float[lfw.size()][];
        try (FaceModel model = ModelStore.load(ModelStore.defaultDir(), name, null).forInference()) {
            FaceEmbedder embedder = new FaceEmbedder(model, BATCH);
            for (int start = 0; start < dataRows.length; start += BATCH) {
                int n = Math.min(BATCH, dataRows.length - start);
                List<RgbImage> faces = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    faces.add(FaceInput.decode(lfw.image(dataRows[start + i])));
                }
                float[][] e = embedder.embed(faces);
                for (int i = 0; i < n; i++) {
                    byRow[dataRows[start + i]] = e[i];
                }
            }
        }
        return byRow;
    }
}
