package oneshot.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import oneshot.UsageException;
import oneshot.gallery.GalleryCopy;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryLocation;
import oneshot.gallery.GalleryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code GalleryCopy}: every person of one gallery into another, SQLite file to PostgreSQL and back, verified. */
@Command(name = "GalleryCopy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copies every person of a gallery (a SQLite file or a PostgreSQL JDBC URL) into another, vectors",
                "byte for byte, then checks that both hold the same people, vector counts and vector checksum."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
public final class GalleryCopyCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "FILE|URL", description = "The gallery to copy (not changed).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "FILE|URL",
            description = "The gallery to copy into: created when missing (a new file, or an empty PostgreSQL schema).")
    String to;

    @Option(names = "--into-non-empty",
            description = "Add to a gallery that already has people (same model; a name both have is refused).")
    boolean intoNonEmpty;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        GalleryLocation source = parse(from);
        GalleryLocation target = parse(to);
        if (source.equals(target)) {
            throw new UsageException("--from and --to name the same gallery: " + source);
        }
        GalleryCopy.Result r;
        try (GalleryStore in = GalleryStore.open(source, false); GalleryStore out = GalleryStore.open(target, true)) {
            r = GalleryCopy.copy(in, out, intoNonEmpty);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf("Copied %d people (%d vectors) from %s to %s%n", r.source().people(), r.source().vectors(), source, target);
        w.printf("Verified after the commit: both hold these %d people, %d vectors, vector checksum %s%n",
                r.target().people(), r.target().vectors(), r.target().hex());
        return 0;
    }

    private static GalleryLocation parse(String location) {
        try {
            return GalleryLocation.parse(location);
        } catch (GalleryException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
