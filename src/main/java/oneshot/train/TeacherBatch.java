package oneshot.train;

/**
 * What the teacher says about one batch: its unit embeddings of the batch's faces (for {@link EmbeddingMatching}) and
 * the squared distances between them (for the miner and {@link DistanceDistillation}).
 *
 * @param embeddings the teacher's unit vectors in batch order, or null when only distances are known
 * @param distances  squared L2 distances between the batch's items
 */
public record TeacherBatch(float[][] embeddings, PairwiseDistances distances) {

    public static TeacherBatch of(float[][] unitEmbeddings) {
        return new TeacherBatch(unitEmbeddings, PairwiseDistances.ofEmbeddings(unitEmbeddings));
    }

    /** Distances alone (tests, miners); matching the embeddings is then impossible. */
    public static TeacherBatch ofDistances(PairwiseDistances d) {
        return new TeacherBatch(null, d);
    }

    public int size() {
        return distances.size();
    }
}
