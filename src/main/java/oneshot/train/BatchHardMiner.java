package oneshot.train;

/**
 * Per anchor, its farthest positive and its nearest negative (Hermans et al. 2017 "batch hard"): one triplet per
 * anchor that has both. Ties go to the lowest index.
 */
public final class BatchHardMiner implements TripletMiner {

    @Override
    public Triplets mine(PairwiseDistances d, int[] labels) {
        TripletMiner.checkSizes(d, labels);
        int n = labels.length;
        TripletCollector out = new TripletCollector();
        int anchorsWithPositive = 0;
        for (int a = 0; a < n; a++) {
            int hardestP = -1;
            int hardestN = -1;
            for (int j = 0; j < n; j++) {
                if (j == a) {
                    continue;
                }
                if (labels[j] == labels[a]) {
                    if (hardestP < 0 || d.get(a, j) > d.get(a, hardestP)) {
                        hardestP = j;
                    }
                } else if (hardestN < 0 || d.get(a, j) < d.get(a, hardestN)) {
                    hardestN = j;
                }
            }
            if (hardestP >= 0) {
                anchorsWithPositive++;
                if (hardestN >= 0) {
                    out.add(a, hardestP, hardestN);
                }
            }
        }
        return out.build(anchorsWithPositive);
    }

    @Override
    public String name() {
        return "batch-hard";
    }
}
