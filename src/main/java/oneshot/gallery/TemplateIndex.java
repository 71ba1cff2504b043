package oneshot.gallery;

import java.util.List;
import java.util.Optional;

/**
 * 1:K search over one model's templates (one unit vector per identity), whatever holds them: the exact float32 scan
 * ({@link GalleryIndex}), the compact exact scans with float32 re-ranking ({@link CompactIndex}) or Lucene's HNSW graph
 * ({@link HnswIndex}). {@link IndexKind} names them; the gallery picks one by {@code OneShotOptions.index}.
 *
 * <p>Distances are squared L2 between unit vectors, {@code 2 - 2 dot}, with the dot product of {@link BlockedVectors#dot}:
 * every implementation reports bit-identical distances for the candidates it returns, so an open-set decision at a
 * threshold differs only when an index misses the true nearest template.
 */
public interface TemplateIndex extends AutoCloseable {
    String modelId();

    int dimension();

    /** Number of identities (templates). */
    int size();

    /** The k identities nearest to the probe, nearest first. */
    List<Match> search(float[] probe, int k);

    /** The template of one identity (for inspection, not for the search path). */
    Optional<float[]> template(String name);

    @Override
    void close();

    /** An index that follows enrolments and removals in place instead of being rebuilt. */
    interface Updatable extends TemplateIndex {
        /** Adds {@code name} or replaces its template. */
        void put(String name, float[] unitTemplate, int embeddings);

        /** Drops {@code name}; false when it was not in the index. */
        boolean remove(String name);
    }
}
