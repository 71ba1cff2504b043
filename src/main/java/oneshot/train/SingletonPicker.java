package oneshot.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws one-image people for a batch (two thirds of LFW's people have a single image and never serve as anchors):
 * as negatives they give the miner more impostors, and with a teacher they are distillation samples. The draw for
 * (epoch, batch) depends only on the seed, so a resumed run draws the same people; no person twice in one batch.
 */
public final class SingletonPicker {
    private final int[] items;
    private final long seed;

    /** @param labels label of every item of the training list; items whose label occurs once are the singletons */
    public SingletonPicker(int[] labels, long seed) {
        Map<Integer, Integer> count = new HashMap<>();
        for (int l : labels) {
            count.merge(l, 1, Integer::sum);
        }
        List<Integer> single = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (count.get(labels[i]) == 1) {
                single.add(i);
            }
        }
        this.items = single.stream().mapToInt(Integer::intValue).toArray();
        this.seed = seed;
    }

    /** How many one-image people there are. */
    public int size() { return items.length; }

    /** {@code n} distinct singleton items (indices into the training list) for batch {@code batch} of {@code epoch}. */
    public int[] pick(int epoch, int batch, int n) {
        if (n == 0) {
            return new int[0];
        }
        if (n > items.length) {
            throw new IllegalArgumentException(n + " one-image people per batch asked, the training set has "
                    + items.length);
        }
        SplittableRandom r = new SplittableRandom(seed ^ (0xD1B54A32D192ED03L * (epoch + 1L))
                ^ (0x9E3779B97F4A7C15L * (batch + 1L)));
        int[] pool = items.clone();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int j = i + r.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
            out[i] = pool[i];
        }
        return out;
    }
}
