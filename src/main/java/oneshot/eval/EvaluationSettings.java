package oneshot.eval;

import java.util.List;

/**
 * Every knob of an evaluation run; {@link #defaults()} are the values the CLI starts from.
 *
 * @param distance        distance between embeddings
 * @param seed            seeds gallery choice, stranger split and bootstrap
 * @param targetFar       FAR the calibrated "unknown" threshold must not exceed
 * @param reportFars      FARs at which TAR and DIR are reported
 * @param bootstrap       bootstrap replicates for the ROC intervals (0 = none)
 * @param confidence      two-sided level of the intervals
 * @param enrolSizes      enrolled images per identity compared in the template experiment
 * @param knownFraction   share of eligible identities enrolled in the open-set experiments (the rest are strangers)
 */
public record EvaluationSettings(Distance distance, long seed, double targetFar, List<Double> reportFars, int bootstrap,
        double confidence, List<Integer> enrolSizes, double knownFraction) {

    public EvaluationSettings {
        if (!(targetFar > 0 && targetFar < 1)) {
            throw new IllegalArgumentException("target FAR must be in (0, 1), got " + targetFar);
        }
        if (bootstrap < 0) {
            throw new IllegalArgumentException("bootstrap replicates must be >= 0, got " + bootstrap);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        for (int k : enrolSizes) {
            if (k < 1) {
                throw new IllegalArgumentException("enrolment sizes must be >= 1, got " + k);
            }
        }
        reportFars = List.copyOf(reportFars);
        enrolSizes = List.copyOf(enrolSizes);
    }

    public static EvaluationSettings defaults() {
        return new EvaluationSettings(Distance.SQUARED_L2, 42, 0.01, List.of(1e-3, 1e-2, 1e-1), 1000, 0.95,
                List.of(1, 2, 3, 5), 0.5);
    }

    public double[] reportFarArray() {
        return reportFars.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public int maxEnrol() {
        return enrolSizes.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}
