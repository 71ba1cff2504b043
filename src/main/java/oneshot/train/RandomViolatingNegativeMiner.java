package oneshot.train;

import java.util.SplittableRandom;

/**
 * OpenFace's trainer: for every anchor-positive pair, one negative drawn at random among those violating the margin,
 * {@code d(a,n) - d(a,p) < margin}; pairs with none are skipped. Seeded, so a run can be repeated.
 */
public final class RandomViolatingNegativeMiner implements TripletMiner {
    private final float margin;
    private final SplittableRandom random;

    public RandomViolatingNegativeMiner(float margin, long seed) {
        this.margin = margin;
        this.random = new SplittableRandom(seed); // well mixed even for seeds 0, 1, 2...
    }

    @Override
    public Triplets mine(PairwiseDistances d, int[] labels) {
        TripletMiner.checkSizes(d, labels);
        int n = labels.length;
        TripletCollector out = new TripletCollector();
        int[] candidates = new int[n];
        int pairs = 0;
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                if (p == a || labels[p] != labels[a]) {
                    continue;
                }
                pairs++;
                float dap = d.get(a, p);
                int count = 0;
                for (int q = 0; q < n; q++) {
                    if (labels[q] != labels[a] && d.get(a, q) - dap < margin) {
                        candidates[count++] = q;
                    }
                }
                if (count > 0) {
                    out.add(a, p, candidates[random.nextInt(count)]);
                }
            }
        }
        return out.build(pairs);
    }

    @Override
    public String name() {
        return "openface-random-violating";
    }
}
