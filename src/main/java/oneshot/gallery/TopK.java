package oneshot.gallery;

import java.util.ArrayList;
import java.util.List;

/** The k highest scores seen, as a min-heap on score so the weakest is replaced first. */
final class TopK {
    private final int[] rows;
    private final float[] scores;
    private int n;

    TopK(int k) {
        rows = new int[k];
        scores = new float[k];
    }

    int rowAt(int slot) {
        return rows[slot];
    }

    float scoreAt(int slot) {
        return scores[slot];
    }

    float worst() {
        return n < rows.length ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(int row, float score) {
        if (n < rows.length) {
            rows[n] = row;
            scores[n] = score;
            siftUp(n++);
        } else if (score > scores[0]) {
            rows[0] = row;
            scores[0] = score;
            siftDown(0);
        }
    }

    /** Offers {@code rows} scores of one block, rows {@code firstRow...}; a cheap test skips those below the k-th. */
    void offerBlock(float[] blockScores, int firstRow, int rows) {
        float w = worst();
        for (int r = 0; r < rows; r++) {
            if (blockScores[r] > w) {
                offer(firstRow + r, blockScores[r]);
                w = worst();
            }
        }
    }

    void addAll(TopK other) {
        for (int i = 0; i < other.n; i++) {
            offer(other.rows[i], other.scores[i]);
        }
    }

    /** Heap slots ordered from the highest score down. */
    List<Integer> slotsBestFirst() {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Float.compare(scores[b], scores[a]));
        return order;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (scores[p] <= scores[i]) {
                return;
            }
            swap(i, p);
            i = p;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < n && scores[l] < scores[m]) {
                m = l;
            }
            if (r < n && scores[r] < scores[m]) {
                m = r;
            }
            if (m == i) {
                return;
            }
            swap(i, m);
            i = m;
        }
    }

    private void swap(int a, int b) {
        int tr = rows[a];
        rows[a] = rows[b];
        rows[b] = tr;
        float ts = scores[a];
        scores[a] = scores[b];
        scores[b] = ts;
    }
}
