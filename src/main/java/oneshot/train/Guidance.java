package oneshot.train;

/**
 * How a teacher guides a run; {@link #NONE} is plain triplet training.
 *
 * @param teacher            teacher name (see {@link Teachers}), or null for none
 * @param distillation       relational distillation, or null for none
 * @param distillWeight      weight of the distillation loss
 * @param tripletWeight      weight of the triplet loss (0 = distillation only)
 * @param mineOnTeacher      miners choose hard positives and negatives on the teacher's distances
 * @param singletonsPerBatch one-image people added to every batch: negatives for the miner, samples for distillation
 * @param matchWeight        weight of {@link EmbeddingMatching} (each student vector pulled onto the teacher's); 0 = off
 */
public record Guidance(String teacher, DistanceDistillation.Kind distillation, float distillWeight, float tripletWeight,
                       boolean mineOnTeacher, int singletonsPerBatch, float matchWeight) {
    public static final Guidance NONE = new Guidance(null, null, 0f, 1f, false, 0, 0f);

    public Guidance {
        if ((distillation != null || mineOnTeacher || matchWeight > 0) && teacher == null) {
            throw new IllegalArgumentException("Distillation, embedding matching and teacher mining need a teacher"
                    + " (--teacher)");
        }
        if (!(distillWeight >= 0) || !(tripletWeight >= 0) || singletonsPerBatch < 0 || !(matchWeight >= 0)) {
            throw new IllegalArgumentException("Bad guidance: distillation weight " + distillWeight + ", triplet weight "
                    + tripletWeight + ", singletons " + singletonsPerBatch + ", matching weight " + matchWeight);
        }
        if (tripletWeight == 0 && (distillation == null || distillWeight == 0) && matchWeight == 0) {
            throw new IllegalArgumentException("With triplet weight 0 there is nothing to train: add --distill or"
                    + " --match-teacher");
        }
    }

    /** Without embedding matching. */
    public Guidance(String teacher, DistanceDistillation.Kind distillation, float distillWeight, float tripletWeight,
                    boolean mineOnTeacher, int singletonsPerBatch) {
        this(teacher, distillation, distillWeight, tripletWeight, mineOnTeacher, singletonsPerBatch, 0f);
    }

    public boolean usesTeacher() {
        return distillation != null || mineOnTeacher || matchWeight > 0;
    }

    /** One line for logs and reports. */
    public String describe() {
        if (!usesTeacher() && singletonsPerBatch == 0) {
            return "triplet only";
        }
        // Runs without matching keep the description they always had, so their run folders still resume.
        String match = matchWeight > 0 ? String.format(java.util.Locale.ROOT, "; embedding matching x %s", matchWeight)
                : "";
        return String.format(java.util.Locale.ROOT, "teacher %s; distillation %s x %s; triplet x %s; mining on %s;"
                        + " %d one-image people per batch%s", teacher,
                distillation == null ? "none" : distillation.label(), distillWeight, tripletWeight,
                mineOnTeacher ? "teacher" : "student", singletonsPerBatch, match);
    }
}
