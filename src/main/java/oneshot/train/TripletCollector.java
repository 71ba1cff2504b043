package oneshot.train;

import java.util.Arrays;

/** Growable triplet buffer the miners fill. */
final class TripletCollector {
    private int[] a = new int[64];
    private int[] p = new int[64];
    private int[] n = new int[64];
    private int size;

    void add(int anchor, int positive, int negative) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
            p = Arrays.copyOf(p, size * 2);
            n = Arrays.copyOf(n, size * 2);
        }
        a[size] = anchor;
        p[size] = positive;
        n[size] = negative;
        size++;
    }

    Triplets build(int candidatePairs) {
        return new Triplets(Arrays.copyOf(a, size), Arrays.copyOf(p, size), Arrays.copyOf(n, size), candidatePairs);
    }
}
