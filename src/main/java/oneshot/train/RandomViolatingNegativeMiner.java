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
        int[] candidates = new int[labels.length];
        return TripletMiner.perPair(d, labels, (a, p, dap, out) -> {
            int count = 0;
            for (int q = 0; q < labels.length; q++) {
                if (labels[q] != labels[a] && d.get(a, q) - dap < margin) {
                    candidates[count++] = q;
                }
            }
            if (count > 0) {
                out.add(a, p, candidates[random.nextInt(count)]);
            }
        });
    }

    @Override
    public String name() {
        return "openface-random-violating";
    }
}
