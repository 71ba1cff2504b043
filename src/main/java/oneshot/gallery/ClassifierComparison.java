package oneshot.gallery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oneshot.embed.EmbeddingTable;

/**
 * Open-set comparison of the ways to recognise enrolled people: nearest template by distance (from one enrolled image,
 * and from the mean of several), and two heads fitted on the frozen embeddings, a softmax and a linear SVM.
 *
 * <p>Known probes: every person with two or more vectors is enrolled with all but their last vector, and their last vector
 * is the known probe; "distance, one image enrolled" enrols the same people with their first vector only (the one-shot
 * case) and probes the same last vector. Unknown probes come from one of two protocols, chosen by the data:
 * <ul>
 *   <li>{@link Protocol#ONE_IMAGE_STRANGERS}, when some people have a single vector (LFW): those people are never
 *       enrolled and their vector is an unknown probe, scored by the same models as the known probes.</li>
 *   <li>{@link Protocol#LEAVE_ONE_PERSON_OUT}, when everyone has several vectors (a user's own folder, bbt): each person
 *       in turn is left out of the enrolment, every method is fitted again on the others, and every vector of the left-out
 *       person is an unknown probe of that refit. So an unknown is always someone the scoring model never saw, and
 *       nobody's image is both trained on and probed. All of a left-out person's vectors are probes (not only the last
 *       one): on 8 people x 5 images that gives 40 unknown probes instead of 8, a finer FAR.</li>
 * </ul>
 * Each method gives every probe a best label and a score (minus the distance, the probability, or the SVM's decision value).
 * Reported: rank-1 accuracy on the known probes (no threshold), and the detection-and-identification rate (DIR: right label
 * and accepted) at a target false-accept rate on the unknown probes, with the threshold that achieves it.
 */
public final class ClassifierComparison {
    private ClassifierComparison() {}

    /** Where the unknown probes come from (see the class comment). */
    public enum Protocol {
        ONE_IMAGE_STRANGERS("one-image people are the unknowns"),
        LEAVE_ONE_PERSON_OUT("leave one person out: each person in turn is the unknown");

        private final String description;

        Protocol(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Both heads' training settings. */
    public record Options(SoftmaxClassifier.Options softmax, LinearSvmClassifier.Options svm) {
        public static Options defaults() {
            return new Options(SoftmaxClassifier.Options.defaults(), LinearSvmClassifier.Options.defaults());
        }
    }

    /**
     * One method's figures. {@code threshold} is in the method's own unit, {@code thresholdUnit}: squared L2 distance
     * (accept below), probability or SVM decision value (accept above).
     */
    public record MethodResult(String method, double rank1, double dirAtFar, double targetFar, double actualFar,
            double threshold, String thresholdUnit) {}

    /**
     * Every method's figures and the split they were measured on; {@code enrolmentVectors} counts the all-but-last
     * enrolment (the one-image method enrols {@code enrolledIdentities} vectors).
     */
    public record Result(Protocol protocol, int enrolledIdentities, int enrolmentVectors, int knownProbes,
            int unknownProbes, List<MethodResult> methods) {}

    /** The comparison on an embedding table (its labels are the identities). */
    public static Result compare(EmbeddingTable table, double targetFar, Options options) {
        float[][] vectors = new float[table.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = table.vector(i);
        }
        return compare(table.labels().toArray(new String[0]), vectors, targetFar, options);
    }

    public static Result compare(String[] labels, float[][] vectors, double targetFar, Options options) {
        if (!(targetFar >= 0 && targetFar <= 1)) {
            throw new GalleryException("the target FAR must lie in [0, 1], got " + targetFar);
        }
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> enrolled = new ArrayList<>();
        List<Integer> strangers = new ArrayList<>();
        for (List<Integer> rows : byLabel.values()) {
            if (rows.size() == 1) {
                strangers.add(rows.get(0));
            } else {
                enrolled.add(rows);
            }
        }
        Protocol protocol = strangers.isEmpty() ? Protocol.LEAVE_ONE_PERSON_OUT : Protocol.ONE_IMAGE_STRANGERS;
        int needed = protocol == Protocol.LEAVE_ONE_PERSON_OUT ? 3 : 2; // the SVM needs two people in every fit
        if (enrolled.size() < needed) {
            throw new GalleryException("the comparison needs at least " + needed + " people with several vectors ("
                    + protocol.description() + "), got " + enrolled.size() + (strangers.isEmpty() ? ""
                    : " and " + strangers.size() + " with one"));
        }
        Split split = new Split(labels, vectors, enrolled);
        List<MethodResult> results = new ArrayList<>();
        for (Method m : methods(options)) {
            double[] unknownScores;
            try (Scorer full = m.fit(split.enrolment(-1, m.firstImageOnly()))) {
                if (protocol == Protocol.ONE_IMAGE_STRANGERS) {
                    unknownScores = strangers.stream().mapToDouble(i -> full.score(vectors[i]).score()).toArray();
                } else {
                    List<Double> scores = new ArrayList<>();
                    for (int left = 0; left < enrolled.size(); left++) {
                        try (Scorer without = m.fit(split.enrolment(left, m.firstImageOnly()))) {
                            for (int row : enrolled.get(left)) {
                                scores.add(without.score(vectors[row]).score());
                            }
                        }
                    }
                    unknownScores = scores.stream().mapToDouble(Double::doubleValue).toArray();
                }
                results.add(score(m, split, full, unknownScores, targetFar));
            }
        }
        int enrolmentVectors = enrolled.stream().mapToInt(rows -> rows.size() - 1).sum();
        int unknownProbes = protocol == Protocol.ONE_IMAGE_STRANGERS ? strangers.size()
                : enrolled.stream().mapToInt(List::size).sum();
        return new Result(protocol, enrolled.size(), enrolmentVectors, enrolled.size(), unknownProbes, results);
    }

    /** The methods in report order: the one-shot baseline first. */
    private static List<Method> methods(Options o) {
        Head distance = (labels, vectors) -> {
            GalleryIndex.Builder builder = new GalleryIndex.Builder("comparison", 1);
            for (int i = 0; i < labels.length; i++) {
                builder.add(labels[i], vectors[i]);
            }
            GalleryIndex index = builder.build();
            return new Scorer() {
                @Override
                public Scored score(float[] v) {
                    Match m = index.search(v, 1).get(0);
                    return new Scored(m.name(), -m.distance());
                }

                @Override
                public void close() {
                    index.close();
                }
            };
        };
        Head softmax = (labels, vectors) -> {
            SoftmaxClassifier c = SoftmaxClassifier.train(labels, vectors, o.softmax());
            return v -> {
                SoftmaxClassifier.Prediction p = c.predict(v);
                return new Scored(p.label(), p.probability());
            };
        };
        Head svm = (labels, vectors) -> {
            LinearSvmClassifier c = LinearSvmClassifier.train(labels, vectors, o.svm());
            return v -> {
                LinearSvmClassifier.Prediction p = c.predict(v);
                return new Scored(p.label(), p.score());
            };
        };
        return List.of(new Method("distance, one image enrolled", true, SQUARED_L2, distance),
                new Method("distance to the mean template", false, SQUARED_L2, distance),
                new Method("softmax classifier", false, "probability", softmax),
                new Method("linear SVM", false, "SVM decision value", svm));
    }

    /** The distance methods' unit: their score is minus the distance, their threshold the distance. */
    private static final String SQUARED_L2 = "squared L2";

    private record Scored(String label, double score) {}

    private interface Scorer extends AutoCloseable {
        Scored score(float[] vector);

        @Override
        default void close() {}
    }

    /** Fits a method on an enrolment and returns its scorer. */
    private interface Head {
        Scorer fit(String[] labels, float[][] vectors);
    }

    private record Method(String name, boolean firstImageOnly, String unit, Head head) {
        Scorer fit(Enrolment e) {
            return head.fit(e.labels(), e.vectors());
        }

        boolean negatedDistance() {
            return unit.equals(SQUARED_L2);
        }
    }

    private record Enrolment(String[] labels, float[][] vectors) {}

    /** The people with several vectors: their enrolment vectors and their last (known-probe) vector. */
    private record Split(String[] labels, float[][] vectors, List<List<Integer>> people) {
        /** Everyone's enrolment vectors but person {@code leftOut}'s (-1: nobody left out). */
        Enrolment enrolment(int leftOut, boolean firstImageOnly) {
            List<String> l = new ArrayList<>();
            List<float[]> v = new ArrayList<>();
            for (int p = 0; p < people.size(); p++) {
                if (p == leftOut) {
                    continue;
                }
                List<Integer> rows = people.get(p);
                int end = firstImageOnly ? 1 : rows.size() - 1;
                for (int r = 0; r < end; r++) {
                    l.add(labels[rows.get(r)]);
                    v.add(vectors[rows.get(r)]);
                }
            }
            return new Enrolment(l.toArray(new String[0]), v.toArray(new float[0][]));
        }

        int knownProbe(int person) {
            List<Integer> rows = people.get(person);
            return rows.get(rows.size() - 1);
        }
    }

    private static MethodResult score(Method method, Split split, Scorer full, double[] unknownScores,
            double targetFar) {
        unknownScores = unknownScores.clone();
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
        int known = split.people().size();
        int rank1 = 0;
        int detected = 0;
        for (int p = 0; p < known; p++) {
            int row = split.knownProbe(p);
            Scored s = full.score(split.vectors()[row]);
            if (s.label().equals(split.labels()[row])) {
                rank1++;
                if (s.score() > cut) {
                    detected++;
                }
            }
        }
        double threshold = method.negatedDistance() ? -cut : cut;
        return new MethodResult(method.name(), (double) rank1 / known, (double) detected / known, targetFar,
                (double) falseAccepts / unknownScores.length, threshold, method.unit());
    }
}
