package oneshot.train;

/**
 * What one triplet step measured, from the very loss value that was back-propagated.
 *
 * @param loss           the reduced loss (NaN when there was no valid triplet)
 * @param triplets       triplets the miner returned
 * @param candidatePairs anchor-positive pairs the miner considered
 * @param activeFraction fraction of triplets with a positive loss ({@code d(a,p) - d(a,n) + margin > 0}); NaN if none
 * @param meanPositive   mean squared distance d(a,p) over the triplets; NaN if none
 * @param meanNegative   mean squared distance d(a,n) over the triplets; NaN if none
 */
public record TripletStats(float loss, int triplets, int candidatePairs, float activeFraction,
                           float meanPositive, float meanNegative) {

    public static TripletStats noValidTriplet(int candidatePairs) {
        return new TripletStats(Float.NaN, 0, candidatePairs, Float.NaN, Float.NaN, Float.NaN);
    }

    /** True when the miner found nothing to learn from: nothing was back-propagated, no optimiser step was taken. */
    public boolean noValidTriplet() {
        return triplets == 0;
    }

    @Override
    public String toString() {
        if (noValidTriplet()) {
            return String.format("no valid triplet (%d anchor-positive pairs considered)", candidatePairs);
        }
        return String.format("loss %.5f, active %.3f of %d triplets (from %d anchor-positive pairs), d(a,p) %.4f,"
                + " d(a,n) %.4f", loss, activeFraction, triplets, candidatePairs, meanPositive, meanNegative);
    }
}
