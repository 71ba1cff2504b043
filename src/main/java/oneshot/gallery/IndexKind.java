package oneshot.gallery;

import java.util.Locale;

/** Which {@link TemplateIndex} a gallery searches with; {@link #FLOAT32} (exact, full precision) is the default. */
public enum IndexKind {
    /** Exact scan of float32 templates ({@link GalleryIndex}). */
    FLOAT32("float32"),
    /** Exact scan of float16 templates, top candidates re-ranked in float32 ({@link CompactIndex}). */
    FLOAT16("float16"),
    /** Exact scan of int8 templates with a per-vector scale, top candidates re-ranked in float32 ({@link CompactIndex}). */
    INT8("int8"),
    /** Lucene's HNSW graph, approximate, candidates re-ranked in float32; follows enrolments in place ({@link HnswIndex}). */
    HNSW("hnsw");

    private final String id;

    IndexKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The index of this kind over the builder's templates (the builder is used up). */
    public TemplateIndex build(GalleryIndex.Builder templates) {
        switch (this) {
            case FLOAT32:
                return templates.build();
            case FLOAT16:
                return CompactIndex.build(templates, CompactCodes.Encoding.FLOAT16);
            case INT8:
                return CompactIndex.build(templates, CompactCodes.Encoding.INT8);
            default:
                return HnswIndex.build(templates);
        }
    }

    /** The templates of every identity with vectors of {@code modelId} in the store, in an index of this kind. */
    public TemplateIndex load(GalleryStore store, String modelId, int threads) {
        return build(GalleryIndex.Builder.fromStore(store, modelId, threads));
    }

    public static IndexKind parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (IndexKind kind : values()) {
            if (kind.id.equals(k)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown index '" + s + "': use float32, float16, int8 or hnsw");
    }
}
