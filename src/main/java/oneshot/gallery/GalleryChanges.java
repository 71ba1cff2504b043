package oneshot.gallery;

import java.util.List;

/**
 * A feed of the changes other processes make to a shared gallery, so that each keeps its in-memory index current.
 *
 * <p>Changes are names whose vectors changed, not the vectors themselves: the listener re-reads those people, which makes
 * applying a change twice or late harmless. When the feed may have missed changes (a lost connection), it asks for a
 * full reload instead.
 */
public interface GalleryChanges extends AutoCloseable {
    /** A gallery nobody else writes to while it is open (a SQLite file): no feed. */
    GalleryChanges NONE = new GalleryChanges() {
        @Override
        public void start(Listener listener) {}

        @Override
        public void close() {}
    };

    /**
     * Starts delivering changes committed from now on to {@code listener}, from the feed's own thread. Returns once the
     * feed listens, so whatever the caller loads afterwards plus the changes delivered is the whole gallery.
     */
    void start(Listener listener);

    /** Stops the feed. */
    @Override
    void close();

    /** Receives the feed. */
    interface Listener {
        /** These people were enrolled, extended, removed or renamed (re-read each: absent means gone). */
        void changed(List<String> names);

        /** Changes may have been missed (reconnected after a lost connection): reload everything. */
        void reloadAll();
    }
}
