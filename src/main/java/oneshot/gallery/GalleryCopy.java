package oneshot.gallery;

/**
 * Copies every person of one gallery into another, SQLite to PostgreSQL or back, row for row (names, the vectors' exact
 * bytes, source hashes, boxes, times), under the target's model binding.
 *
 * <p>Verified twice: inside the target's transaction (read back, rolled back unless it hashes to what was read from the
 * source), and after the commit, from fresh snapshots of both galleries.
 */
public final class GalleryCopy {
    private GalleryCopy() {}

    /** What was copied, as both galleries confirmed after the commit. */
    public record Result(GalleryChecksum source, GalleryChecksum target) {}

    public static Result copy(GalleryStore from, GalleryStore to, boolean intoNonEmpty) {
        if (from.location().equals(to.location())) {
            throw new GalleryException("Cannot copy gallery " + from.location() + " onto itself");
        }
        GalleryChecksum copied = to.importRows(from::forEachRow, intoNonEmpty);
        GalleryChecksum source = from.checksum(null);
        GalleryChecksum target = to.checksum(source.names());
        if (!source.equals(target) || !source.equals(copied)) {
            throw new GalleryException("The copy from " + from.location() + " to " + to.location() + " was committed but"
                    + " does not match its source any more (source now " + source + ", target " + target + "): was the"
                    + " source changed during the copy? Copy into a new gallery again.");
        }
        return new Result(source, target);
    }
}
