package oneshot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import oneshot.OneShotException.GalleryFileException;
import oneshot.eval.Templates;
import oneshot.gallery.Enrolment;
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
 * People enrolled from one image each (more images extend a person's template), in a SQLite file bound to one model, and
 * the faces of new images named from them, or "unknown" when the nearest person is farther than the threshold.
 *
 * <p>Opened by {@link OneShot#gallery}; thread-safe (searches run in parallel, an enrolment waits for them and makes the
 * next search see the new person). Only embeddings are stored, never images. Close it before its {@link OneShot}.
 */
public final class Gallery implements AutoCloseable {
    private final OneShot oneShot;
    private final GalleryStore store;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private TemplateIndex index; // built on the first search after a change (or kept in step); guarded by lock

    Gallery(OneShot oneShot, GalleryStore store) {
        this.oneShot = oneShot;
        this.store = store;
        try {
            store.requireModel(oneShot.modelId());
        } catch (GalleryException e) {
            store.close();
            throw new GalleryFileException(e.getMessage(), e);
        }
    }

    /** The gallery file. */
    public Path path() {
        return store.path();
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
        faces.forEach(oneShot::requireModel);
        int shown = oneShot.candidates();
        int searched = oneShot.uniqueNames() ? Math.max(shown, faces.size()) : shown; // room to fall back on the next
        List<List<Match>> nearest = new ArrayList<>(faces.size());
        lock.readLock().lock();
        try {
            TemplateIndex idx = index();
            for (Face f : faces) {
                nearest.add(idx.search(f.embedding(), searched));
            }
        } catch (GalleryException e) {
            throw new GalleryFileException(e.getMessage(), e);
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
            throw new GalleryFileException(e.getMessage(), e);
        }
        if (vectors.isEmpty()) {
            throw new GalleryFileException("No one named '" + name + "' in " + store.path(), null);
        }
        return Comparison.of(OneShot.distance(face.embedding(), Templates.of(vectors)), oneShot.threshold());
    }

    /** Is the largest face of the image file the enrolled person {@code name}? */
    public Comparison verify(String name, Path image) {
        return verify(name, oneShot.largest(OneShot.Input.of(image)));
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
        }, r -> List.of(oldName, PersonName.validate(newName)));
    }

    /** Removes a person and deletes their vectors. */
    public RemovalResult remove(String name) {
        return changing(() -> store.remove(name), r -> List.of(r.name()));
    }

    /** Closes the file (the model stays open with its {@link OneShot}). */
    @Override
    public void close() {
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
            throw new GalleryFileException(e.getMessage(), e);
        }
    }

    /**
     * A change to the file: waits for running searches; an index that follows changes in place gets the new templates of
     * the {@code touched} names (none when removed), any other is rebuilt by the next search.
     */
    private <T> T changing(Supplier<T> op, Function<T, List<String>> touched) {
        lock.writeLock().lock();
        try {
            T result = op.get();
            if (index instanceof TemplateIndex.Updatable updatable) {
                try {
                    for (String name : touched.apply(result)) {
                        List<float[]> vectors = store.vectors(name, oneShot.modelId());
                        if (vectors.isEmpty()) {
                            updatable.remove(name);
                        } else {
                            updatable.put(name, Templates.of(vectors), vectors.size());
                        }
                    }
                } catch (RuntimeException e) { // the file changed: an index that could not follow is rebuilt instead
                    index.close();
                    index = null;
                }
            } else if (index != null) {
                index.close();
                index = null;
            }
            return result;
        } catch (GalleryException e) {
            throw new GalleryFileException(e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
