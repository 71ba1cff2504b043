package oneshot.gallery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oneshot.embed.EmbeddingTable;

/**
 * Open-set comparison of the two ways to recognise enrolled people: nearest template by distance, and the softmax classifier.
 *
 * <p>Protocol, on a set of (label, vector) pairs: every person with two or more vectors is enrolled with all but their last
 * vector, the last one being a "known" probe; every person with a single vector is never enrolled and serves as an
 * "unknown" probe. Each method gives every probe a best label and a score (minus the distance, or the probability). Reported:
 * rank-1 accuracy on known probes (no threshold), and the detection-and-identification rate (DIR: right label and accepted)
 * at a target false-accept rate on the unknown probes, with the threshold that achieves it.
 */
public final class ClassifierComparison {
    private ClassifierComparison() {}

    /** One method's figures. {@code threshold} is in the method's own unit: squared L2 distance, or probability. */
    public record MethodResult(String method, double rank1, double dirAtFar, double targetFar, double actualFar,
            double threshold) {}

    /** Both methods' figures and the split they were measured on. */
    public record Result(int enrolledIdentities, int enrolmentVectors, int knownProbes, int unknownProbes,
            List<MethodResult> methods) {}

    /** The comparison on an embedding table (its labels are the identities). */
    public static Result compare(EmbeddingTable table, double targetFar, SoftmaxClassifier.Options options) {
        float[][] vectors = new float[table.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = table.vector(i);
        }
        return compare(table.labels().toArray(new String[0]), vectors, targetFar, options);
    }

    public static Result compare(String[] labels, float[][] vectors, double targetFar, SoftmaxClassifier.Options options) {
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        List<String> trainLabels = new ArrayList<>();
        List<float[]> trainVectors = new ArrayList<>();
        List<Integer> known = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        for (List<Integer> rows : byLabel.values()) {
            if (rows.size() == 1) {
                unknown.add(rows.get(0));
                continue;
            }
            for (int r = 0; r < rows.size() - 1; r++) {
                trainLabels.add(labels[rows.get(r)]);
                trainVectors.add(vectors[rows.get(r)]);
            }
            known.add(rows.get(rows.size() - 1));
        }
        if (known.isEmpty() || unknown.isEmpty()) {
            throw new GalleryException("the comparison needs people with several vectors (" + known.size()
                    + ") and people with one (" + unknown.size() + ", the unknowns)");
        }
        GalleryIndex.Builder builder = new GalleryIndex.Builder("comparison", 1);
        for (int i = 0; i < trainLabels.size(); i++) {
            builder.add(trainLabels.get(i), trainVectors.get(i));
        }
        SoftmaxClassifier softmax = SoftmaxClassifier.train(trainLabels.toArray(new String[0]),
                trainVectors.toArray(new float[0][]), options);
        List<MethodResult> results = new ArrayList<>();
        try (GalleryIndex index = builder.build()) {
            results.add(score("distance to template", known, unknown, labels, targetFar, true, i -> {
                Match m = index.search(vectors[i], 1).get(0);
                return new Scored(m.name(), -m.distance());
            }));
        }
        results.add(score("softmax classifier", known, unknown, labels, targetFar, false, i -> {
            SoftmaxClassifier.Prediction p = softmax.predict(vectors[i]);
            return new Scored(p.label(), p.probability());
        }));
        return new Result(byLabel.size() - unknown.size(), trainLabels.size(), known.size(), unknown.size(), results);
    }

    private record Scored(String label, double score) {}

    private interface Scorer {
        Scored score(int row);
    }

    private static MethodResult score(String method, List<Integer> known, List<Integer> unknown, String[] labels,
            double targetFar, boolean negatedDistance, Scorer scorer) {
        double[] unknownScores = unknown.stream().mapToDouble(i -> scorer.score(i).score()).toArray();
        Arrays.sort(unknownScores);
        // accept iff score > cut: at most floor(FAR * U) unknowns lie above the cut
        int allowed = (int) Math.floor(targetFar * unknownScores.length);
        double cut = allowed >= unknownScores.length ? Double.NEGATIVE_INFINITY
                : unknownScores[unknownScores.length - 1 - allowed];
        int falseAccepts = 0;
        for (double s : unknownScores) {
            if (s > cut) {
                falseAccepts++;
            }
        }
        int rank1 = 0;
        int detected = 0;
        for (int i : known) {
            Scored s = scorer.score(i);
            if (s.label().equals(labels[i])) {
                rank1++;
                if (s.score() > cut) {
                    detected++;
                }
            }
        }
        double threshold = negatedDistance ? -cut : cut;
        return new MethodResult(method, (double) rank1 / known.size(), (double) detected / known.size(), targetFar,
                (double) falseAccepts / unknownScores.length, threshold);
    }
}
