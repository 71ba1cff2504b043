package oneshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import oneshot.Face;
import oneshot.Gallery;
import oneshot.OneShot;
import oneshot.OneShotException;
import oneshot.UsageException;
import oneshot.embed.ImageFiles;
import oneshot.gallery.FaceSelection;
import oneshot.gallery.GalleryException;
import oneshot.gallery.PersonName;

/**
 * {@code Enroll --folder KNOWN/}: every image of the folder enrolled for the person {@link KnownPeople} names, images
 * encoded in parallel, enrolments written one by one (each is its own gallery transaction). Resumable: an image already
 * enrolled for its person (same bytes) is skipped before it is decoded, so a killed run re-started with the same folder
 * picks up where it stopped. A bad image (unreadable, no face, several faces without {@code --face}, an invalid name, a
 * face enrolled under another name) is listed on stderr with the reason and skipped; the run goes on.
 */
final class FolderEnrollment {
    /** What one run did. */
    record Result(int enrolled, int alreadyEnrolled, List<String> rejected, int people) {}

    private final OneShot oneShot;
    private final Gallery gallery;
    private final FaceSelection selection;
    private final int threads;

    FolderEnrollment(OneShot oneShot, Gallery gallery, FaceSelection selection, int threads) {
        this.oneShot = oneShot;
        this.gallery = gallery;
        this.selection = selection;
        this.threads = threads;
    }

    /** The images of a folder with their person, in path order; a usage error when the folder has none. */
    static Map<Path, String> people(Path folder) throws IOException {
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path f : ParallelImages.imagesIn(folder, " (one subfolder per person, or files named after the person)")) {
            out.put(f, KnownPeople.nameOf(ImageFiles.relative(folder, f)));
        }
        return out;
    }

    Result run(Path folder, PrintWriter out, PrintWriter err) throws IOException {
        Map<Path, String> images = people(folder);
        List<String> rejected = new ArrayList<>();
        List<Path> todo = new ArrayList<>();
        int already = 0;
        for (var e : images.entrySet()) {
            String rel = ImageFiles.relative(folder, e.getKey());
            try {
                PersonName.validate(e.getValue());
            } catch (UsageException bad) {
                rejected.add(rel + ": " + bad.getMessage());
                continue;
            }
            if (gallery.holds(e.getValue(), e.getKey())) {
                already++;
            } else {
                todo.add(e.getKey());
            }
        }
        if (already > 0) {
            err.printf("resuming: %d of %d images already enrolled%n", already, images.size());
        }
        for (String name : new TreeSet<>(images.values())) {
            try {
                EnrollCommand.warnIfLookAlike(gallery, name, err);
            } catch (UsageException invalid) {
                // an invalid name: rejected with its reason above
            }
        }
        Map<String, List<String>> enrolledFrom = new java.util.TreeMap<>(); // printed after the progress bar
        ParallelImages.run(todo, threads, "enroll", image -> faceOf(image), (image, found) -> {
            String rel = ImageFiles.relative(folder, image);
            String name = images.get(image);
            try {
                Face face = found.face();
                if (face == null) {
                    throw found.problem();
                }
                gallery.enroll(name, face);
                enrolledFrom.computeIfAbsent(name, k -> new ArrayList<>()).add(rel);
            } catch (GalleryException | OneShotException e) {
                rejected.add(rel + ": " + e.getMessage());
            }
        });
        enrolledFrom.forEach((name, files) -> out.printf("Enrolled '%s' from %s%n", PersonName.display(name),
                String.join(", ", files.stream().sorted().toList())));
        rejected.forEach(r -> err.println("rejected: " + r));
        java.util.Set<String> enrolledNames = new java.util.HashSet<>();
        gallery.people().forEach(p -> enrolledNames.add(p.name()));
        int people = (int) images.values().stream().distinct().filter(enrolledNames::contains).count();
        return new Result(enrolledFrom.values().stream().mapToInt(List::size).sum(), already, rejected, people);
    }

    /** The face to enrol, or the problem; computed on a pool thread. */
    private record Found(Face face, RuntimeException problem) {}

    private Found faceOf(Path image) {
        try {
            return new Found(GalleryCliOptions.pick(selection, oneShot.faces(image), image), null);
        } catch (GalleryException | OneShotException e) {
            return new Found(null, e);
        }
    }
}
