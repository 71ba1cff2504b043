package oneshot.train;

/**
 * What one training step measured: the triplet part, the distillation part (NaN when off), and the total that was
 * back-propagated, all from the very values used for the gradient.
 *
 * @param triplet            the triplet loss's stats (no valid triplet is fine when distillation carries the step)
 * @param distillLoss        distillation loss before weighting; NaN when distillation is off
 * @param distillPairs       pairs the distillation loss averaged over
 * @param teacherCorrelation Pearson correlation of student and teacher squared distances in the batch; NaN without teacher
 * @param totalLoss          tripletWeight x triplet + distillWeight x distillation, the value back-propagated; NaN if none
 * @param stepped            whether the optimiser took a step
 */
public record StepStats(TripletStats triplet, float distillLoss, int distillPairs, float teacherCorrelation,
                        float totalLoss, boolean stepped) {

    /** A step without teacher: the total is the triplet loss. */
    public static StepStats tripletOnly(TripletStats t, boolean stepped) {
        return new StepStats(t, Float.NaN, 0, Float.NaN, t.loss(), stepped);
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
        return String.format("total %.5f; triplet: %s; distillation %.5f over %d pairs, teacher correlation %.3f",
                totalLoss, triplet, distillLoss, distillPairs, teacherCorrelation);
    }
}
