package oneshot.train;

/**
 * Embeddings of every dataset item computed earlier (by a previous model state), with their labels:
 * what offline mining chooses triplets from.
 *
 * @param embeddings row i is the embedding of dataset item i
 * @param labels     identity label of dataset item i
 */
public record CachedEmbeddings(float[][] embeddings, int[] labels) {
    public CachedEmbeddings {
        if (embeddings.length != labels.length) {
            throw new IllegalArgumentException(embeddings.length + " embeddings but " + labels.length + " labels");
        }
    }

    public int size() { return labels.length; }
}
