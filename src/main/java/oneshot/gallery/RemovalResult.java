package oneshot.gallery;

/**
 * What a removal did.
 *
 * @param vectorsDeleted how many embeddings were deleted
 * @param walCleared true if the write-ahead log was checkpointed and truncated, so no old copy of the vectors is left in it;
 *     false when another connection kept it busy (the copies go at the next complete checkpoint)
 */
public record RemovalResult(String name, int vectorsDeleted, boolean walCleared) {}
