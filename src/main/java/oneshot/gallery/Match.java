package oneshot.gallery;

/**
 * One candidate of a 1:K search.
 *
 * @param name the enrolled identity
 * @param distance squared L2 between the probe and the identity's template (unit vectors: 0 same direction, 4 opposite)
 * @param embeddings how many enrolled vectors make the template
 */
public record Match(String name, double distance, int embeddings) {}
