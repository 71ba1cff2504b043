package oneshot.gallery;

/**
 * What a removal did.
 *
 * @param vectorsDeleted how many embeddings were deleted
 * @param oldCopiesPurged true if the engine's old copies of the deleted rows were purged too (SQLite: the write-ahead log
 *     checkpointed and truncated; PostgreSQL: the tables vacuumed); false when another connection kept them alive (they go
 *     at the engine's next complete checkpoint or vacuum)
 */
public record RemovalResult(String name, int vectorsDeleted, boolean oldCopiesPurged) {}
