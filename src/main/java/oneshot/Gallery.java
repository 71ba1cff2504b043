package oneshot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import oneshot.OneShotException.GalleryFileException;
import oneshot.OneShotException.NotEnrolledException;
import oneshot.eval.Templates;
import oneshot.gallery.Enrolment;
import oneshot.gallery.GalleryChanges;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.IdentitySummary;
import oneshot.gallery.Match;
import oneshot.gallery.NameAssignment;
import oneshot.gallery.PersonName;
import oneshot.gallery.RemovalResult;
import oneshot.gallery.TemplateIndex;
import oneshot.gallery.Verdict;

/**
 * People enrolled from one image each (more images extend a person's template), in a SQLite file or a PostgreSQL
 * database bound to one model, and the faces of new images named from them, or "unknown" when the nearest person is
 * farther than the threshold.
 *
 * <p>Opened by {@link OneShot#gallery}; thread-safe (searches run in parallel, a change waits for them and the next search
 * sees it). The people sit in an in-memory index, loaded on the first search and then kept current person by person:
 * after this gallery's own changes, and, for a PostgreSQL gallery several servers share, after every change another
 * server commits ({@link GalleryChanges}: LISTEN/NOTIFY, a full reload after a lost connection). Only embeddings are
 * stored, never images. Close it before its {@link OneShot}.
 */
public final class Gallery implements AutoCloseable {
    private final OneShot oneShot;
    private final GalleryStore store;
    private final GalleryChanges changes;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private TemplateIndex index; // loaded on the first search, then kept current; null again after a reload request; guarded by lock

    Gallery(OneShot oneShot, GalleryStore store) {
        this.oneShot = oneShot;
        this.store = store;
        try {
            store.requireModel(oneShot.modelId());
            changes = store.changes();
            changes.start(new GalleryChanges.Listener() { // before any load: the load plus the feed is the whole gallery
                @Override
                public void changed(List<String> names) {
                    update(names);
                }

                @Override
                public void reloadAll() {
                    invalidate();
                }
            });
        } catch (GalleryException e) {
            store.close();
            throw GalleryFileException.of(e);
        }
    }

    /** The gallery file; a PostgreSQL gallery has none ({@link #location()}). */
    public Path path() {
        if (store.location().startsWith("jdbc:")) {
            throw new IllegalStateException("gallery " + store.location() + " is a database, not a file");
        }
        return Path.of(store.location());
    }

    /** The gallery file, or the database's JDBC URL without credentials. */
    public String location() {
        return store.location();
    }

    /** Enrols {@code name} from the only face of the image file (refused when it has none or several). */
    public Enrolment enroll(String name, Path image) {
        return enroll(name, OneShot.onlyFace(oneShot.faces(image), image.toString()));
    }

    /** Enrols {@code name} from the only face of the image. */
    public Enrolment enroll(String name, BufferedImage image) {
        return enroll(name, OneShot.onlyFace(oneShot.faces(image), "the image"));
    }

    /** Enrols {@code name} from the only face of the encoded image. */
    public Enrolment enroll(String name, byte[] image) {
        return enroll(name, OneShot.onlyFace(oneShot.faces(image), "the image bytes"));
    }

    /** Enrols {@code name} from a face picked from {@link OneShot#faces}. */
    public Enrolment enroll(String name, Face face) {
        oneShot.requireModel(face);
        return changing(() -> store.enroll(name, face.embedding(), face.modelId(), face.sourceSha256(), face.box()),
                e -> List.of(e.name()));
    }

    /** Every face of the image file, named or unknown, in the detector's order. */
    public List<Identification> identify(Path image) {
        return identify(oneShot.faces(image));
    }

    /** Every face of the image, named or unknown. */
    public List<Identification> identify(BufferedImage image) {
        return identify(oneShot.faces(image));
    }

    /** Every face of the encoded image, named or unknown. */
    public List<Identification> identify(byte[] image) {
        return identify(oneShot.faces(image));
    }

    /**
     * Names faces of one image. With unique names (the default) each enrolled person names at most one of them, nearest
     * pair first; {@link OneShotOptions#uniqueNames(boolean)} turns that off.
     */
    public List<Identification> identify(List<Face> faces) {
        return identify(faces, oneShot.candidates());
    }

    /** {@link #identify(List)} listing {@code candidates} nearest people per face instead of the options' number. */
    public List<Identification> identify(List<Face> faces, int candidates) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
        }
        faces.forEach(oneShot::requireModel);
        int shown = candidates;
        int searched = oneShot.uniqueNames() ? Math.max(shown, faces.size()) : shown; // room to fall back on the next
        List<List<Match>> nearest = new ArrayList<>(faces.size());
        lock.readLock().lock();
        try {
            TemplateIndex idx = index();
            for (Face f : faces) {
                nearest.add(idx.search(f.embedding(), searched));
            }
        } catch (GalleryException e) {
            throw GalleryFileException.of(e);
        } finally {
            lock.readLock().unlock();
        }
        List<Verdict> verdicts = NameAssignment.assign(nearest, oneShot.threshold(), oneShot.uniqueNames(), shown);
        List<Identification> out = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            Verdict v = verdicts.get(i);
            out.add(new Identification(faces.get(i), v.name(), v.distance(), v.candidates()));
        }
        return out;
    }

    /** Is this face the enrolled person {@code name}? Compared with the person's template (all their images). */
    public Comparison verify(String name, Face face) {
        oneShot.requireModel(face);
        List<float[]> vectors;
        try {
            vectors = store.vectors(name, oneShot.modelId());
        } catch (GalleryException e) {
            throw GalleryFileException.of(e);
        }
        if (vectors.isEmpty()) {
            throw new NotEnrolledException("No one named '" + name + "' in " + store.location(), null);
        }
        return Comparison.of(OneShot.distance(face.embedding(), Templates.of(vectors)), oneShot.threshold());
    }

    /** Is the largest face of the image file the enrolled person {@code name}? */
    public Comparison verify(String name, Path image) {
        return verify(name, oneShot.largest(OneShot.Input.of(image)));
    }

    /**
     * True when this image file (by its bytes' sha256) is already enrolled for {@code name}: a resumed folder enrolment
     * skips it without decoding it. False when the file cannot be read (enrolling it then names the reason).
     */
    public boolean holds(String name, Path image) {
        String sha;
        try {
            sha = oneshot.io.AtomicFiles.sha256(image);
        } catch (java.io.IOException e) {
            return false;
        }
        return reading(() -> store.enrolments(name)).stream().anyMatch(e -> sha.equals(e.sourceSha256()));
    }

    /** Is the largest face of the encoded image the enrolled person {@code name}? */
    public Comparison verify(String name, byte[] image) {
        return verify(name, oneShot.largest(oneShot.input(image)));
    }

    /** Adds a person with no face yet; refused ({@link OneShotException.GalleryConflictException}) when the name exists. */
    public IdentitySummary add(String name) {
        return changing(() -> store.createIdentity(name), p -> List.of(p.name()));
    }

    /**
     * The stored faces of one person, oldest first: id, box, source image hash, when. Refused
     * ({@link NotEnrolledException}) when nobody has that name.
     */
    public List<Enrolment> faces(String name) {
        return reading(() -> {
            List<Enrolment> faces = store.enrolments(name);
            if (faces.isEmpty() && store.list().stream().noneMatch(p -> p.name().equals(oneshot.gallery.PersonName
                    .validate(name)))) {
                throw new NotEnrolledException("No one named '" + name + "' in " + store.location(), null);
            }
            return faces;
        });
    }

    /** Deletes one face of a person (its vector; the person stays, with the faces left), by {@link Enrolment#id()}. */
    public RemovalResult removeFace(String name, long faceId) {
        return changing(() -> store.removeEmbedding(name, faceId), r -> List.of(PersonName.validate(name)));
    }

    /** The model the gallery's vectors came from; empty while nobody has been enrolled. */
    public Optional<String> modelId() {
        return reading(store::modelId);
    }

    /** Enrolled people with their number of images, by name. */
    public List<IdentitySummary> people() {
        return reading(store::list);
    }

    /**
     * Enrolled names that differ from {@code name} only in case or look-alike letters (a likely typo); empty when
     * {@code name} itself is enrolled.
     */
    public List<String> lookAlikes(String name) {
        return reading(() -> store.enrolments(name).isEmpty() ? store.lookAlikes(name) : List.<String>of());
    }

    /** How many people are enrolled. */
    public int size() {
        return people().size();
    }

    /** Renames an enrolled person. */
    public void rename(String oldName, String newName) {
        changing(() -> {
            store.rename(oldName, newName);
            return null;
        }, none -> List.of(PersonName.validate(oldName), PersonName.validate(newName)));
    }

    /** Removes a person and deletes their vectors. */
    public RemovalResult remove(String name) {
        return changing(() -> store.remove(name), r -> List.of(PersonName.validate(name)));
    }

    /** Closes the file or connection and stops the change feed (the model stays open with its {@link OneShot}). */
    @Override
    public void close() {
        changes.close();
        lock.writeLock().lock();
        try {
            if (index != null) {
                index.close();
                index = null;
            }
            store.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Under the read lock: the index, built once per change. */
    private TemplateIndex index() {
        synchronized (this) {
            if (index == null) {
                index = oneShot.index().load(store, oneShot.modelId(), oneShot.searchThreads());
            }
            return index;
        }
    }

    private <T> T reading(Supplier<T> op) {
        try {
            return op.get();
        } catch (GalleryException e) {
            throw GalleryFileException.of(e);
        }
    }

    /**
     * A change through this gallery: waits for running searches, then brings the index up to date for the people it
     * touched (another server's changes arrive through {@link #update}); an index that cannot follow changes in
     * place is rebuilt by the next search.
     */
    private <T> T changing(Supplier<T> op, Function<T, List<String>> touched) {
        lock.writeLock().lock();
        try {
            T result = op.get();
            apply(touched.apply(result));
            return result;
        } catch (GalleryException e) {
            throw GalleryFileException.of(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Another server changed these people. */
    private void update(List<String> names) {
        lock.writeLock().lock();
        try {
            apply(names);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Under the write lock: re-reads each person into the index (none loaded yet: the first search will read them). */
    private void apply(List<String> names) {
        if (index == null) {
            return;
        }
        try {
            if (!(index instanceof TemplateIndex.Updatable updatable)) {
                invalidate(); // the compact scans keep no per-person rows to change: the next search rebuilds them
                return;
            }
            for (String name : names) {
                List<float[]> vectors = store.vectors(name, oneShot.modelId());
                if (vectors.isEmpty()) {
                    updatable.remove(name);
                } else {
                    updatable.put(name, Templates.of(vectors), vectors.size());
                }
            }
        } catch (RuntimeException e) {
            invalidate(); // a half-applied change must not answer searches: the next search loads everything (or fails)
        }
    }

    /** Drops the index: the next search loads the whole gallery again. */
    private void invalidate() {
        lock.writeLock().lock();
        try {
            if (index != null) {
                index.close();
                index = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
