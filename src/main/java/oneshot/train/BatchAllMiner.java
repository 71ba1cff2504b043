package oneshot.train;

/**
 * Every valid triplet of the batch (Hermans et al. 2017 "batch all"); optionally only those that violate the margin,
 * which is what the loss would average over anyway and keeps the index arrays small on large batches.
 */
public final class BatchAllMiner implements TripletMiner {
    private final float margin;
    private final boolean onlyViolating;

    /** All valid triplets. */
    public BatchAllMiner() {
        this(0f, false);
    }

    /** @param onlyViolating keep only triplets with {@code d(a,n) - d(a,p) < margin} */
    public BatchAllMiner(float margin, boolean onlyViolating) {
        this.margin = margin;
        this.onlyViolating = onlyViolating;
    }

    @Override
    public Triplets mine(PairwiseDistances d, int[] labels) {
        return TripletMiner.perPair(d, labels, (a, p, dap, out) -> {
            for (int q = 0; q < labels.length; q++) {
                if (labels[q] != labels[a] && (!onlyViolating || d.get(a, q) - dap < margin)) {
                    out.add(a, p, q);
                }
            }
        });
    }

    @Override
    public String name() {
        return onlyViolating ? "batch-all-violating" : "batch-all";
    }
}
