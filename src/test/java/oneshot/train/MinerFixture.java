package oneshot.train;

/**
 * A 5-item batch worked through by hand: items 0,1 are person A, 2,3 person B, 4 person C; margin 0.2.
 * Expected triplets and losses for every miner are derived in the tests' comments.
 */
final class MinerFixture {
    static final int[] LABELS = {0, 0, 1, 1, 2};
    static final float[][] D = {
            {0f, 0.5f, 0.6f, 1.2f, 0.3f},
            {0.5f, 0f, 0.68f, 0.65f, 2.0f},
            {0.6f, 0.68f, 0f, 0.4f, 1.0f},
            {1.2f, 0.65f, 0.4f, 0f, 0.55f},
            {0.3f, 2.0f, 1.0f, 0.55f, 0f},
    };
    // D is symmetric except D[2][0]=0.7 in the row of anchor 2 (a miner only reads rows of anchors), see below.
    static {
        D[2][0] = 0.7f;
    }

    private MinerFixture() {}

    static PairwiseDistances distances() {
        return PairwiseDistances.ofMatrix(D);
    }

    static String asString(Triplets t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.size(); i++) {
            sb.append('(').append(t.anchors()[i]).append(',').append(t.positives()[i]).append(',')
                    .append(t.negatives()[i]).append(')');
        }
        return sb.toString();
    }
}
