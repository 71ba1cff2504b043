package oneshot.gallery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In-memory 1:K search over one model's templates: one per identity, the re-normalised mean of that person's vectors.
 *
 * <p>All templates sit in one contiguous {@code float[]} ({@link BlockedVectors}: blocks of 512 rows, dimension-major),
 * scanned brute force: for unit vectors the squared L2 distance is {@code 2 - 2 dot}, so the scan only needs dot products,
 * and each thread keeps its k best in a small heap. Searches may run from many threads at once; {@link #put} and
 * {@link #remove} change one person in place (for changes other servers made to a shared gallery) and must not run while
 * a search does (the facade holds a write lock for them). {@link #close()} stops the search threads.
 */
public final class GalleryIndex implements AutoCloseable {
    private final String modelId;
    private int dim;
    private int size;
    private BlockedVectors templates;
    private String[] names;
    private int[] counts;
    private Map<String, Integer> rowOf; // built on the first change: a plain load needs no map
    private final int threads;
    private final ExecutorService pool;

    private GalleryIndex(String modelId, int dim, int size, BlockedVectors templates, String[] names, int[] counts,
            int threads) {
        this.modelId = modelId;
        this.dim = dim;
        this.size = size;
        this.templates = templates;
        this.names = names;
        this.counts = counts;
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "gallery-search");
            t.setDaemon(true);
            return t;
        });
    }

    /** The templates of every identity that has vectors of {@code modelId} in the store. */
    public static GalleryIndex load(GalleryStore store, String modelId, int threads) {
        Builder b = new Builder(modelId, threads);
        List<Long> pending = new ArrayList<>();
        store.scan(modelId, new GalleryStore.ScanSink() {
            long[] ids = new long[1024];
            String[] idNames = new String[1024];
            int[] rowOfPosition;
            int n;

            @Override
            public void identity(long id, String name) {
                if (n == ids.length) {
                    ids = Arrays.copyOf(ids, n * 2);
                    idNames = Arrays.copyOf(idNames, n * 2);
                }
                ids[n] = id; // ascending: the store streams identities in id order
                idNames[n++] = name;
            }

            @Override
            public void vector(long identityId, float[] unitVector) {
                if (rowOfPosition == null) { // all identities are in: size everything once
                    rowOfPosition = new int[n];
                    Arrays.fill(rowOfPosition, -1);
                    b.reserve(n, unitVector.length);
                }
                int at = Arrays.binarySearch(ids, 0, n, identityId);
                if (at < 0) {
                    pending.add(identityId); // cannot happen with the foreign key; kept to fail loudly below
                    return;
                }
                if (rowOfPosition[at] < 0) {
                    rowOfPosition[at] = b.newRow(idNames[at], unitVector.length);
                }
                b.accumulate(rowOfPosition[at], unitVector); // stored vectors are unit already
            }
        });
        if (!pending.isEmpty()) {
            throw new GalleryException("Gallery " + store.location() + " has vectors of unknown identities " + pending);
        }
        return b.build();
    }

    public String modelId() {
        return modelId;
    }

    public int dimension() {
        return dim;
    }

    /** Number of identities (templates). */
    public int size() {
        return size;
    }

    /** The template of one identity (a linear look-up: for inspection, not for the search path). */
    public Optional<float[]> template(String name) {
        for (int row = 0; row < size; row++) {
            if (names[row].equals(name)) {
                return Optional.of(templates.row(row));
            }
        }
        return Optional.empty();
    }

    /**
     * Sets {@code name}'s template to the mean of {@code vectors} (one of its stored vectors per image), adding the person
     * when new; removes them when {@code vectors} is empty.
     */
    public void put(String name, List<float[]> vectors) {
        if (vectors.isEmpty()) {
            remove(name);
            return;
        }
        float[] template = oneshot.eval.Templates.of(vectors);
        if (size == 0 && dim != template.length) { // an index loaded from an empty gallery has no dimension yet
            dim = template.length;
            templates = new BlockedVectors(new float[0], 0, dim);
        }
        if (template.length != dim) {
            throw new GalleryException("vectors of " + template.length + " dimensions cannot join a gallery of " + dim);
        }
        Map<String, Integer> rows = rows();
        Integer row = rows.get(name);
        if (row == null) {
            row = size;
            templates = templates.resized(size + 1);
            if (names.length <= row) {
                names = Arrays.copyOf(names, Math.max(16, names.length * 2));
                counts = Arrays.copyOf(counts, names.length);
            }
            names[row] = name;
            rows.put(name, row);
            size++;
        }
        templates.set(row, template);
        counts[row] = vectors.size();
    }

    /** Removes {@code name} (no-op when absent): the last row moves into its place. */
    public void remove(String name) {
        Map<String, Integer> rows = rows();
        Integer row = rows.remove(name);
        if (row == null) {
            return;
        }
        int last = size - 1;
        if (row != last) {
            templates.set(row, templates.row(last));
            names[row] = names[last];
            counts[row] = counts[last];
            rows.put(names[row], row);
        }
        names[last] = null;
        size--;
        templates = templates.resized(size);
    }

    private Map<String, Integer> rows() {
        if (rowOf == null) {
            rowOf = new HashMap<>(Math.max(16, size * 2));
            for (int r = 0; r < size; r++) {
                rowOf.put(names[r], r);
            }
        }
        return rowOf;
    }

    /** The k identities nearest to the probe, nearest first. */
    public List<Match> search(float[] probe, int k) {
        if (k <= 0 || size == 0) {
            return List.of();
        }
        if (probe.length != dim) {
            throw new GalleryException("probe has " + probe.length + " dimensions, the gallery " + dim);
        }
        float[] q = Vectors.normalized(probe);
        int kk = Math.min(k, size);
        TopK merged;
        int blocks = templates.blocks();
        if (pool == null || blocks < 2 * threads) {
            merged = new TopK(kk);
            templates.scan(q, 0, blocks, merged);
        } else {
            List<Future<TopK>> parts = new ArrayList<>(threads);
            int chunk = (blocks + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * chunk;
                int to = Math.min(blocks, from + chunk);
                parts.add(pool.submit(() -> {
                    TopK part = new TopK(kk);
                    templates.scan(q, from, to, part);
                    return part;
                }));
            }
            merged = new TopK(kk);
            try {
                for (Future<TopK> f : parts) {
                    merged.addAll(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GalleryException("search interrupted", e);
            } catch (ExecutionException e) {
                throw new GalleryException("search failed: " + e.getCause(), e.getCause());
            }
        }
        List<Match> out = new ArrayList<>(kk);
        for (int slot : merged.slotsBestFirst()) {
            int row = merged.rowAt(slot);
            double d = Math.max(0.0, 2.0 - 2.0 * merged.scoreAt(slot)); // rounding can dip below 0 for identical vectors
            out.add(new Match(names[row], d, counts[row]));
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Accumulates vectors per name; {@link #build()} turns each sum into a re-normalised mean template. */
    public static final class Builder {
        private final String modelId;
        private final int threads;
        private final Map<String, Integer> rows = new HashMap<>();
        private float[] sums = new float[0]; // blocked layout (BlockedVectors.index), so build() needs no second copy
        private String[] names = new String[0];
        private int[] counts = new int[0];
        private int dim = -1;
        private int size;

        public Builder(String modelId, int threads) {
            this.modelId = modelId;
            this.threads = threads;
        }

        /** Adds one vector of {@code name} (normalised first). */
        public Builder add(String name, float[] vector) {
            Integer row = rows.get(name);
            if (row == null) {
                row = newRow(name, vector.length);
                rows.put(name, row);
            }
            accumulate(row, Vectors.normalized(vector));
            return this;
        }

        /** Pre-sizes for {@code identities} rows so a large load does not copy its arrays while growing. */
        public void reserve(int identities, int dimension) {
            setDim(dimension);
            if (names.length < identities) {
                names = Arrays.copyOf(names, identities);
                counts = Arrays.copyOf(counts, identities);
                sums = Arrays.copyOf(sums, BlockedVectors.capacityFor(identities, dim));
            }
        }

        private void setDim(int dimension) {
            if (dim < 0) {
                dim = dimension;
            } else if (dimension != dim) {
                throw new GalleryException("vectors of " + dimension + " dimensions cannot join a gallery of " + dim);
            }
        }

        /** A new, empty row for {@code name}; the caller guarantees the name is not in yet. */
        int newRow(String name, int dimension) {
            setDim(dimension);
            if (size == names.length) {
                reserve(Math.max(BlockedVectors.BLOCK, size * 2), dimension);
            }
            names[size] = name;
            return size++;
        }

        /** Adds a unit vector into a row's sum. */
        void accumulate(int row, float[] unit) {
            if (unit.length != dim) {
                throw new GalleryException("vector for '" + names[row] + "' has " + unit.length + " dimensions, expected " + dim);
            }
            int base = BlockedVectors.index(row, 0, dim);
            for (int j = 0; j < dim; j++) {
                sums[base + j * BlockedVectors.BLOCK] += unit[j];
            }
            counts[row]++;
        }

        public GalleryIndex build() {
            int d = Math.max(dim, 0);
            float[] row = new float[d];
            for (int r = 0; r < size; r++) {
                int base = BlockedVectors.index(r, 0, d);
                for (int j = 0; j < d; j++) {
                    row[j] = sums[base + j * BlockedVectors.BLOCK];
                }
                float[] unit = Vectors.normalized(row);
                for (int j = 0; j < d; j++) {
                    sums[base + j * BlockedVectors.BLOCK] = unit[j];
                }
            }
            GalleryIndex index = new GalleryIndex(modelId, d, size, new BlockedVectors(sums, size, d),
                    Arrays.copyOf(names, size), Arrays.copyOf(counts, size), threads);
            sums = null; // the index owns the array now
            return index;
        }
    }
}
