package oneshot.gallery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory 1:K search over one model's templates: one per identity, the re-normalised mean of that person's vectors.
 *
 * <p>All templates sit in one contiguous {@code float[]} ({@link BlockedVectors}: blocks of 512 rows, dimension-major),
 * scanned brute force: for unit vectors the squared L2 distance is {@code 2 - 2 dot}, so the scan only needs dot products,
 * and each thread keeps its k best in a small heap. Searches may run from many threads at once; {@link #put} and
 * {@link #remove} change one person in place (for changes other servers made to a shared gallery) and must not run while
 * a search does (the facade holds a write lock for them). {@link #close()} stops the search threads.
 */
public final class GalleryIndex implements TemplateIndex.Updatable {
    private final String modelId;
    private int dim;
    private int size;
    private BlockedVectors templates;
    private String[] names;
    private int[] counts;
    private Map<String, Integer> rowOf; // built on the first change: a plain load needs no map
    private final ParallelBlocks search;

    private GalleryIndex(String modelId, int dim, int size, BlockedVectors templates, String[] names, int[] counts,
            int threads) {
        this.modelId = modelId;
        this.dim = dim;
        this.size = size;
        this.templates = templates;
        this.names = names;
        this.counts = counts;
        this.search = new ParallelBlocks(threads);
    }

    /** The templates of every identity that has vectors of {@code modelId} in the store. */
    public static GalleryIndex load(GalleryStore store, String modelId, int threads) {
        return Builder.fromStore(store, modelId, threads).build();
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public int size() {
        return size;
    }

    /** A linear look-up: for inspection, not for the search path. */
    @Override
    public Optional<float[]> template(String name) {
        for (int row = 0; row < size; row++) {
            if (names[row].equals(name)) {
                return Optional.of(templates.row(row));
            }
        }
        return Optional.empty();
    }

    /**
     * Sets {@code name}'s template (a unit vector, the mean of {@code embeddings} stored vectors), adding the person when
     * new.
     */
    @Override
    public void put(String name, float[] unitTemplate, int embeddings) {
        if (size == 0 && dim != unitTemplate.length) { // an index loaded from an empty gallery has no dimension yet
            dim = unitTemplate.length;
            templates = new BlockedVectors(new float[0], 0, dim);
        }
        if (unitTemplate.length != dim) {
            throw new GalleryException("vectors of " + unitTemplate.length + " dimensions cannot join a gallery of " + dim);
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
        templates.set(row, unitTemplate);
        counts[row] = embeddings;
    }

    /** Removes {@code name} (false when absent): the last row moves into its place. */
    @Override
    public boolean remove(String name) {
        Map<String, Integer> rows = rows();
        Integer row = rows.remove(name);
        if (row == null) {
            return false;
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
        return true;
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

    @Override
    public List<Match> search(float[] probe, int k) {
        if (k <= 0 || size == 0) {
            return List.of();
        }
        if (probe.length != dim) {
            throw new GalleryException("probe has " + probe.length + " dimensions, the gallery " + dim);
        }
        float[] q = Vectors.normalized(probe);
        int kk = Math.min(k, size);
        TopK merged = search.top(templates.blocks(), kk, (from, to, top) -> templates.scan(q, from, to, top));
        List<Match> out = new ArrayList<>(kk);
        for (int slot : merged.slotsBestFirst()) {
            int row = merged.rowAt(slot);
            double d = BlockedVectors.distance(merged.scoreAt(slot));
            out.add(new Match(names[row], d, counts[row]));
        }
        return out;
    }

    @Override
    public void close() {
        search.close();
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

        /** A builder holding the summed vectors of every identity with vectors of {@code modelId} in the store. */
        public static Builder fromStore(GalleryStore store, String modelId, int threads) {
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
            return b;
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

        /**
         * A row for a vector of a name known to be new (no name map: a 10M-row benchmark would spend a gigabyte on it);
         * {@code unit} must be unit length.
         */
        void newRowAndAccumulate(String name, float[] unit) {
            accumulate(newRow(name, unit.length), unit);
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

        /** Receives each finished template in row order. */
        public interface TemplateSink {
            void template(String name, float[] unit, int embeddings);
        }

        public String modelId() {
            return modelId;
        }

        public int threads() {
            return threads;
        }

        /** Rows so far. */
        public int size() {
            return size;
        }

        /** Dimension of the vectors added, -1 before the first. */
        public int dimension() {
            return dim;
        }

        /**
         * Hands out each identity's re-normalised mean, in row order, for the indexes that keep their own copy
         * ({@link CompactIndex}, {@link HnswIndex}); the builder is used up (its sums are dropped).
         */
        public void drainTo(TemplateSink sink) {
            int d = Math.max(dim, 0);
            float[] row = new float[d];
            for (int r = 0; r < size; r++) {
                sink.template(names[r], unitMean(r, d, row), counts[r]);
            }
            sums = null;
            names = null;
        }

        /** Row {@code r}'s sum (read into {@code row}, the blocked layout's column stride), re-normalised: its template. */
        private float[] unitMean(int r, int d, float[] row) {
            int base = BlockedVectors.index(r, 0, d);
            for (int j = 0; j < d; j++) {
                row[j] = sums[base + j * BlockedVectors.BLOCK];
            }
            return Vectors.normalized(row);
        }

        public GalleryIndex build() {
            int d = Math.max(dim, 0);
            float[] row = new float[d];
            for (int r = 0; r < size; r++) {
                float[] unit = unitMean(r, d, row);
                int base = BlockedVectors.index(r, 0, d);
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
