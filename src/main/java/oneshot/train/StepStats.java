package oneshot.train;

/**
 * What one training step measured: the triplet part, the distillation part (NaN when off), and the total that was
 * back-propagated, all from the very values used for the gradient.
 *
 * @param triplet            the triplet loss's stats (no valid triplet is fine when distillation carries the step)
 * @param distillLoss        distillation loss before weighting; NaN when distillation is off
 * @param distillPairs       pairs the distillation loss averaged over
 * @param teacherCorrelation Pearson correlation of student and teacher squared distances in the batch; NaN without teacher
 * @param matchLoss          embedding-matching loss before weighting (mean squared L2 to the teacher's vector); NaN when off
 * @param totalLoss          the weighted sum of the parts, the value back-propagated; NaN if none
 * @param stepped            whether the optimiser took a step
 */
public record StepStats(TripletStats triplet, float distillLoss, int distillPairs, float teacherCorrelation,
                        float matchLoss, float totalLoss, boolean stepped) {

    /** A step without teacher: the total is the triplet loss. */
    public static StepStats tripletOnly(TripletStats t, boolean stepped) {
        return new StepStats(t, Float.NaN, 0, Float.NaN, Float.NaN, t.loss(), stepped);
    }

    /** Nothing to learn from: no triplet and no distillation. */
    public boolean nothingToLearn() {
        return Float.isNaN(totalLoss);
    }

    @Override
    public String toString() {
        if (Float.isNaN(distillLoss) && Float.isNaN(teacherCorrelation)) {
            return triplet.toString();
        }
        String match = Float.isNaN(matchLoss) ? "" : String.format("; matching %.5f", matchLoss);
        return String.format("total %.5f; triplet: %s; distillation %.5f over %d pairs, teacher correlation %.3f%s",
                totalLoss, triplet, distillLoss, distillPairs, teacherCorrelation, match);
    }
}
