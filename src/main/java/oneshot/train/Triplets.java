package oneshot.train;

import java.util.Arrays;

/**
 * Index triplets (anchor, positive, negative) into a batch, the one thing a miner hands to the loss.
 *
 * <p>{@code candidatePairs} counts the anchor-positive pairs the miner looked at, so a report can say how many were
 * dropped for lack of a valid negative.
 */
public record Triplets(int[] anchors, int[] positives, int[] negatives, int candidatePairs) {

    public Triplets {
        if (anchors.length != positives.length || anchors.length != negatives.length) {
            throw new IllegalArgumentException("anchor/positive/negative index arrays differ in length: "
                    + anchors.length + "/" + positives.length + "/" + negatives.length);
        }
    }

    public static Triplets empty(int candidatePairs) {
        return new Triplets(new int[0], new int[0], new int[0], candidatePairs);
    }

    public int size() { return anchors.length; }

    public boolean isEmpty() { return anchors.length == 0; }

    /** Same triplets with every index i replaced by {@code map[i]}: batch positions to dataset indices, for example. */
    public Triplets remap(int[] map) {
        int n = size();
        int[] a = new int[n];
        int[] p = new int[n];
        int[] q = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = map[anchors[i]];
            p[i] = map[positives[i]];
            q[i] = map[negatives[i]];
        }
        return new Triplets(a, p, q, candidatePairs);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Triplets[");
        for (int i = 0; i < Math.min(size(), 8); i++) {
            sb.append('(').append(anchors[i]).append(',').append(positives[i]).append(',').append(negatives[i]).append(')');
        }
        return sb.append(size() > 8 ? "... " : "").append(" n=").append(size()).append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Triplets t && Arrays.equals(anchors, t.anchors) && Arrays.equals(positives, t.positives)
                && Arrays.equals(negatives, t.negatives) && candidatePairs == t.candidatePairs;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(anchors) + 17 * Arrays.hashCode(positives) + Arrays.hashCode(negatives);
    }
}
