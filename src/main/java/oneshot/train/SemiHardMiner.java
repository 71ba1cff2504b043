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
        return TripletMiner.perPair(d, labels, (a, p, dap, out) -> {
            int best = -1;
            for (int q = 0; q < labels.length; q++) {
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
        });
    }

    @Override
    public String name() {
        return "semi-hard";
    }
}
