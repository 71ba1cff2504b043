package oneshot.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Exact 1:K scan over compact templates ({@link CompactCodes}: float16 or int8) whose top {@code R} candidates are re-ranked
 * with the float32 templates ({@link RerankRows}), so the matches and distances it returns are those of the float32 scan
 * ({@link GalleryIndex}) whenever the true nearest templates are among the R candidates. R is {@code max(k, rerank)};
 * the default {@value #DEFAULT_RERANK} has room to spare: on LFW, R = 4 already gave every top-1 of the float32 scan
 * (docs/scale-index.md).
 * Immutable after construction, like {@link GalleryIndex}.
 */
public final class CompactIndex implements TemplateIndex {
    public static final int DEFAULT_RERANK = 32;

    private final String modelId;
    private final int dim;
    private final CompactCodes codes;
    private final RerankRows exact;
    private final String[] names;
    private final int[] counts;
    private final int rerank;
    private final ParallelBlocks search;

    private CompactIndex(String modelId, int dim, CompactCodes codes, RerankRows exact, String[] names, int[] counts,
            int rerank, int threads) {
        this.modelId = modelId;
        this.dim = dim;
        this.codes = codes;
        this.exact = exact;
        this.names = names;
        this.counts = counts;
        this.rerank = rerank;
        this.search = new ParallelBlocks(threads);
    }

    /** The builder's templates in {@code encoding}, re-ranking the default number of candidates. */
    static CompactIndex build(GalleryIndex.Builder templates, CompactCodes.Encoding encoding) {
        return build(templates, encoding, DEFAULT_RERANK);
    }

    public static CompactIndex build(GalleryIndex.Builder templates, IndexKind kind, int rerank) {
        if (kind != IndexKind.FLOAT16 && kind != IndexKind.INT8) {
            throw new IllegalArgumentException(kind.id() + " is not a compact encoding");
        }
        return build(templates, kind == IndexKind.FLOAT16 ? CompactCodes.Encoding.FLOAT16 : CompactCodes.Encoding.INT8,
                rerank);
    }

    static CompactIndex build(GalleryIndex.Builder templates, CompactCodes.Encoding encoding, int rerank) {
        if (rerank < 1) {
            throw new IllegalArgumentException("rerank must be at least 1, got " + rerank);
        }
        int size = templates.size();
        int dim = Math.max(templates.dimension(), 0);
        CompactCodes codes = new CompactCodes(encoding, size, dim);
        RerankRows exact = new RerankRows(size, dim);
        String[] names = new String[size];
        int[] counts = new int[size];
        int[] row = {0};
        templates.drainTo((name, unit, embeddings) -> {
            codes.set(row[0], unit);
            exact.set(row[0], unit);
            names[row[0]] = name;
            counts[row[0]++] = embeddings;
        });
        return new CompactIndex(templates.modelId(), dim, codes, exact, names, counts, rerank, templates.threads());
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
        return names.length;
    }

    /** Heap bytes of the scanned codes; the float32 copy is in a mapped file ({@link #rerankFileBytes()}). */
    public long codeBytes() {
        return codes.heapBytes();
    }

    public long rerankFileBytes() {
        return exact.fileBytes();
    }

    /** A linear look-up of the float32 template: for inspection, not for the search path. */
    @Override
    public Optional<float[]> template(String name) {
        for (int row = 0; row < names.length; row++) {
            if (names[row].equals(name)) {
                float[] out = new float[dim];
                exact.read(row, out);
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Match> search(float[] probe, int k) {
        if (k <= 0 || names.length == 0) {
            return List.of();
        }
        if (probe.length != dim) {
            throw new GalleryException("probe has " + probe.length + " dimensions, the gallery " + dim);
        }
        float[] q = Vectors.normalized(probe);
        int kk = Math.min(k, names.length);
        int r = Math.min(Math.max(kk, rerank), names.length);
        TopK candidates = search.top(codes.blocks(), r, (from, to, top) -> codes.scan(q, from, to, top));
        TopK best = new TopK(kk);
        float[] row = new float[dim];
        for (int slot = 0; slot < r; slot++) {
            int at = candidates.rowAt(slot);
            exact.read(at, row);
            best.offer(at, BlockedVectors.dot(q, row, 0));
        }
        List<Match> out = new ArrayList<>(kk);
        for (int slot : best.slotsBestFirst()) {
            int at = best.rowAt(slot);
            out.add(new Match(names[at], BlockedVectors.distance(best.scoreAt(slot)), counts[at]));
        }
        return out;
    }

    @Override
    public void close() {
        search.close();
        exact.close();
    }
}
