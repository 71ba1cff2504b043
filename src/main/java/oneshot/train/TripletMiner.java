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
}
