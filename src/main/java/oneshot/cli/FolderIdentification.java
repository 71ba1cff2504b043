package oneshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.Gallery;
import oneshot.Identification;
import oneshot.OneShotException;
import oneshot.embed.ImageFiles;

/**
 * {@code Identify --folder UNKNOWN/ --csv OUT.csv}: every image under the folder identified against the gallery in
 * parallel, its rows appended to the CSV as it finishes ({@link IdentificationCsv}). A re-started run skips the images the
 * CSV already holds. An image that cannot be read gets a row with the reason and a line on stderr, and the run goes on.
 */
final class FolderIdentification {
    /** Counts over the whole CSV (this run and the runs it resumed). */
    record Result(int images, int resumed, int faces, int named, int noFace, List<String> unreadable) {}

    private final Gallery gallery;
    private final int threads;

    FolderIdentification(Gallery gallery, int threads) {
        this.gallery = gallery;
        this.threads = threads;
    }

    /** The images of the folder, in path order; a usage error when it is not a folder or holds none. */
    static List<Path> images(Path folder) throws IOException {
        return ParallelImages.imagesIn(folder, "");
    }

    Result run(Path folder, List<Path> files, IdentificationCsv csv, Path csvFile, PrintWriter err) throws IOException {
        List<Path> todo = new ArrayList<>();
        for (Path f : files) {
            if (!csv.done(ImageFiles.relative(folder, f))) {
                todo.add(f);
            }
        }
        if (todo.size() < files.size()) {
            err.printf("resuming: %d of %d images already in %s%n", files.size() - todo.size(), files.size(), csvFile);
        }
        ParallelImages.run(todo, threads, "identify", this::identify, (image, found) -> {
            String rel = ImageFiles.relative(folder, image);
            if (found.problem() != null) {
                err.println("rejected: " + rel + ": " + found.problem());
                csv.failure(rel, found.problem());
            } else {
                csv.faces(rel, found.who());
            }
        });
        return summary(files.size(), csv.resumed(), IdentificationCsv.rows(csvFile));
    }

    /** An image's identifications, or why it could not be read; computed on a pool thread. */
    private record Found(List<Identification> who, String problem) {}

    private Found identify(Path image) {
        try {
            return new Found(gallery.identify(image), null);
        } catch (OneShotException.ImageException e) {
            return new Found(null, e.getMessage());
        }
    }

    private static Result summary(int images, int resumed, List<List<String>> rows) {
        int faces = 0, named = 0, noFace = 0;
        List<String> unreadable = new ArrayList<>();
        for (List<String> r : rows) {
            String failure = r.get(IdentificationCsv.HEADER.indexOf("failure"));
            if (failure.equals(IdentificationCsv.NO_FACE)) {
                noFace++;
            } else if (!failure.isEmpty()) {
                unreadable.add(r.get(0) + ": " + failure);
            } else {
                faces++;
                if (!r.get(IdentificationCsv.HEADER.indexOf("name")).equals(Identification.UNKNOWN)) {
                    named++;
                }
            }
        }
        return new Result(images, resumed, faces, named, noFace, unreadable);
    }
}
