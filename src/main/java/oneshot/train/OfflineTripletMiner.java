package oneshot.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import oneshot.data.PkSampler;

/**
 * Offline mining (FaceNet's first variant): triplets are chosen from a cached embedding table instead of the current
 * batch's embeddings, so selection costs no forward pass. The dataset is cut into P x K pools by a {@link PkSampler};
 * in each pool an ordinary {@link TripletMiner} picks triplets on the cached distances. The result is in dataset
 * indices; {@link Batch#of} turns it into the images to embed and the triplets the unchanged {@link TripletLoss} takes.
 */
public final class OfflineTripletMiner {
    private final TripletMiner inner;

    public OfflineTripletMiner(TripletMiner inner) {
        this.inner = inner;
    }

    /** One triplet set per pool of {@code pools}' epoch {@code epoch}, in dataset indices. */
    public List<Triplets> mine(CachedEmbeddings table, PkSampler pools, int epoch) {
        List<Triplets> out = new ArrayList<>();
        for (int[] pool : pools.batches(epoch)) {
            float[][] emb = new float[pool.length][];
            int[] labels = new int[pool.length];
            for (int i = 0; i < pool.length; i++) {
                if (pool[i] >= table.size()) {
                    throw new IllegalArgumentException("Pool item " + pool[i] + " is outside the embedding table of "
                            + table.size() + " rows (table from another dataset?)");
                }
                emb[i] = table.embeddings()[pool[i]];
                labels[i] = table.labels()[pool[i]];
            }
            out.add(inner.mine(PairwiseDistances.ofEmbeddings(emb), labels).remap(pool));
        }
        return out;
    }

    public String name() {
        return "offline-" + inner.name();
    }

    /**
     * The images one offline-mined triplet set needs, and its triplets re-indexed into that image list.
     *
     * @param datasetIndices sorted distinct dataset items to embed, in this order
     * @param local          the triplets as positions in {@code datasetIndices}
     */
    public record Batch(int[] datasetIndices, Triplets local) {
        public static Batch of(Triplets datasetTriplets) {
            TreeSet<Integer> items = new TreeSet<>();
            for (int i = 0; i < datasetTriplets.size(); i++) {
                items.add(datasetTriplets.anchors()[i]);
                items.add(datasetTriplets.positives()[i]);
                items.add(datasetTriplets.negatives()[i]);
            }
            int[] idx = items.stream().mapToInt(Integer::intValue).toArray();
            int max = idx.length == 0 ? 0 : idx[idx.length - 1] + 1;
            int[] toLocal = new int[max];
            Arrays.fill(toLocal, -1);
            for (int i = 0; i < idx.length; i++) {
                toLocal[idx[i]] = i;
            }
            return new Batch(idx, datasetTriplets.remap(toLocal));
        }

        /** A miner that hands the loss these preset triplets, whatever the current distances. */
        public TripletMiner asMiner() {
            return new TripletMiner() {
                @Override
                public Triplets mine(PairwiseDistances distances, int[] labels) {
                    TripletMiner.checkSizes(distances, labels);
                    if (labels.length != datasetIndices.length) {
                        throw new IllegalArgumentException("Offline batch has " + datasetIndices.length
                                + " images, the step got " + labels.length);
                    }
                    return local;
                }

                @Override
                public String name() {
                    return "offline-preset";
                }
            };
        }
    }
}
