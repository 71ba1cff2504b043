package oneshot.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Batches of P identities x K images, for triplet mining: every image in a batch has a positive and many negatives.
 *
 * <p>Only identities with at least two images take part (one image gives no anchor-positive pair). An identity with
 * fewer than K images contributes all its images, never duplicates (a duplicate is a trivial zero-distance positive).
 * Each epoch's batches depend only on (seed, epoch), so a resumed run sees the same batches as an uninterrupted one.
 * The last group of identities is kept when it holds at least 2 identities, so every eligible identity is seen once per
 * epoch.
 *
 * <p>Works on plain index lists ({@link #batches(int)}) and as a DJL {@link Sampler} on any dataset whose item i
 * has label {@code labels[i]}; each call of {@link #sample} starts the next epoch.
 */
public final class PkSampler implements Sampler {
    private final int identitiesPerBatch;
    private final int imagesPerIdentity;
    private final long seed;
    private final List<int[]> groups;
    private final int labelCount;
    private int nextEpoch;

    /**
     * @param labels label of item i of the dataset, by index
     * @param p      identities per batch (>= 2, negatives need a second identity)
     * @param k      images per identity (>= 2)
     */
    public PkSampler(int[] labels, int p, int k, long seed) {
        if (p < 2 || k < 2) {
            throw new IllegalArgumentException("P x K sampling needs P >= 2 identities and K >= 2 images, got P=" + p
                    + " K=" + k);
        }
        this.identitiesPerBatch = p;
        this.imagesPerIdentity = k;
        this.seed = seed;
        this.labelCount = labels.length;
        TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], x -> new ArrayList<>()).add(i);
        }
        List<int[]> g = new ArrayList<>();
        for (List<Integer> items : byLabel.values()) {
            if (items.size() >= 2) {
                g.add(items.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        if (g.size() < 2) {
            throw new IllegalArgumentException("P x K sampling needs at least 2 identities with >= 2 images, found "
                    + g.size());
        }
        this.groups = g;
    }

    /** Number of identities that have at least two images. */
    public int eligibleIdentities() { return groups.size(); }

    public int identitiesPerBatch() { return identitiesPerBatch; }

    public int imagesPerIdentity() { return imagesPerIdentity; }

    /** The batches of epoch {@code epoch} (0-based), as item indices, reproducible from (seed, epoch). */
    public List<int[]> batches(int epoch) {
        // SplittableRandom scrambles (seed, epoch) well; java.util.Random alone correlates nearby seeds.
        Random rnd = new Random(new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1L)).nextLong());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, rnd);
        List<int[]> out = new ArrayList<>();
        for (int start = 0; start < order.size(); start += identitiesPerBatch) {
            int end = Math.min(order.size(), start + identitiesPerBatch);
            if (end - start < 2) {
                break;
            }
            List<Integer> batch = new ArrayList<>();
            for (int g : order.subList(start, end)) {
                int[] items = groups.get(g).clone();
                shuffle(items, rnd);
                for (int j = 0; j < Math.min(imagesPerIdentity, items.length); j++) {
                    batch.add(items[j]);
                }
            }
            out.add(batch.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        if (dataset.size() != labelCount) {
            throw new IllegalArgumentException("PkSampler was built for " + labelCount + " labelled items, the dataset has "
                    + dataset.size());
        }
        List<List<Long>> out = new ArrayList<>();
        for (int[] b : batches(nextEpoch++)) {
            List<Long> l = new ArrayList<>(b.length);
            for (int i : b) {
                l.add((long) i);
            }
            out.add(l);
        }
        return out.iterator();
    }

    /** The largest batch this sampler produces: P x K. */
    @Override
    public int getBatchSize() {
        return identitiesPerBatch * imagesPerIdentity;
    }
}
