package oneshot.train;

/**
 * Chooses which (anchor, positive, negative) triplets of a batch the loss sees.
 *
 * <p>As in pytorch-metric-learning, a miner only returns indices: any miner works with the same {@link TripletLoss}.
 * An anchor-positive pair shares a label with {@code anchor != positive}; a negative has another label.
 */
public interface TripletMiner {

    /**
     * @param distances squared L2 distances between the batch's embeddings
     * @param labels    identity label of each batch item
     * @return the triplets, possibly empty (the loss then reports "no valid triplet")
     */
    Triplets mine(PairwiseDistances distances, int[] labels);

    /** Short name for logs and reports, e.g. {@code semi-hard}. */
    String name();

    static void checkSizes(PairwiseDistances d, int[] labels) {
        if (d.size() != labels.length) {
            throw new IllegalArgumentException("Distance matrix is " + d.size() + " x " + d.size() + " but "
                    + labels.length + " labels were given");
        }
    }

    /** What a per-pair miner does with one anchor-positive pair: add the negatives it picks to {@code out}. */
    @FunctionalInterface
    interface NegativeChoice {
        void choose(int anchor, int positive, float dap, TripletCollector out);
    }

    /**
     * Runs {@code choice} on every anchor-positive pair of the batch: the loop the per-pair miners share. The triplets
     * record how many pairs there were, so a batch whose pairs found no negative is reported as such.
     */
    static Triplets perPair(PairwiseDistances d, int[] labels, NegativeChoice choice) {
        checkSizes(d, labels);
        int n = labels.length;
        TripletCollector out = new TripletCollector();
        int pairs = 0;
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                if (p != a && labels[p] == labels[a]) {
                    pairs++;
                    choice.choose(a, p, d.get(a, p), out);
                }
            }
        }
        return out.build(pairs);
    }
}
