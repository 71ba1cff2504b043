package oneshot.train;

/**
 * FaceNet's semi-hard negatives: for every anchor-positive pair, a negative farther than the positive but still
 * inside the margin, {@code d(a,p) < d(a,n) < d(a,p) + margin}. Of those, the nearest one (the hardest semi-hard
 * negative, as TensorFlow's {@code triplet_semihard_loss} picks). Pairs without one are dropped: avoiding the hardest
 * negatives is what keeps FaceNet from collapsing to f(x) = 0.
 */
public final class SemiHardMiner implements TripletMiner {
    private final float margin;

    public SemiHardMiner(float margin) {
        this.margin = margin;
    }

    @Override
    public Triplets mine(PairwiseDistances d, int[] labels) {
        TripletMiner.checkSizes(d, labels);
        int n = labels.length;
        TripletCollector out = new TripletCollector();
        int pairs = 0;
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                if (p == a || labels[p] != labels[a]) {
                    continue;
                }
                pairs++;
                float dap = d.get(a, p);
                int best = -1;
                for (int q = 0; q < n; q++) {
                    if (labels[q] == labels[a]) {
                        continue;
                    }
                    float dan = d.get(a, q);
                    if (dan > dap && dan < dap + margin && (best < 0 || dan < d.get(a, best))) {
                        best = q;
                    }
                }
                if (best >= 0) {
                    out.add(a, p, best);
                }
            }
        }
        return out.build(pairs);
    }

    @Override
    public String name() {
        return "semi-hard";
    }
}
