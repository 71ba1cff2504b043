package oneshot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import oneshot.Gallery;
import oneshot.OneShot;
import oneshot.OneShotException;
import oneshot.UsageException;
import oneshot.gallery.Enrolment;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceSelection;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.IdentitySummary;
import oneshot.gallery.PersonName;
import oneshot.gallery.RemovalResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code Enroll}: adds people to the gallery from one image each (more images extend the template), lists, renames, removes. */
@Command(name = "Enroll", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Enrols a person from one face image (one is enough; more images of the same name extend their template),",
                "or lists, renames and removes enrolled people. Only embeddings are stored, never the images."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
public final class EnrollCommand implements Callable<Integer> {
    @Option(names = "--name", paramLabel = "NAME", description = "Who is in the image(s).")
    String name;

    @Option(names = "--image", paramLabel = "FILE", description = "Image to enrol from (repeatable).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--folder", paramLabel = "KNOWN",
            description = "Enrol every image of a folder: KNOWN/<person>/<image> (a subfolder per person), or"
                    + " KNOWN/<file> named after the person (obama.jpg, obama2.jpg, obama_2.jpg -> obama). Resumable:"
                    + " images already enrolled for their person are skipped; bad images are listed and skipped.")
    Path folder;

    @Option(names = "--threads", paramLabel = "N", description = "Images encoded at once with --folder (default: one per core).")
    Integer threads;

    @Option(names = "--face", paramLabel = "largest|N",
            description = "Which face when the image has several: 'largest' or its number (1 = first found).")
    String face;

    @Option(names = "--list", description = "List enrolled people.")
    boolean list;

    @Option(names = "--rename", arity = "2", paramLabel = "NAME", description = "Rename: --rename OLD NEW.")
    List<String> rename;

    @Option(names = "--remove", paramLabel = "NAME", description = "Remove a person and delete their vectors.")
    String remove;

    @Option(names = "--check", description = "Check the gallery's integrity (read-only): SQLite's full check, or the gallery rows in PostgreSQL.")
    boolean check;

    @Mixin
    GalleryCliOptions.Gallery gallery = new GalleryCliOptions.Gallery();

    @Mixin
    GalleryCliOptions.ModelChoice modelChoice = new GalleryCliOptions.ModelChoice();

    @Spec
    CommandSpec spec;

    private final Supplier<FaceEncoder> encoders;

    /** The launcher's constructor: the face pipeline registered for {@link FaceEncoderProvider}. */
    public EnrollCommand() {
        this(null);
    }

    public EnrollCommand(Supplier<FaceEncoder> encoders) {
        this.encoders = encoders;
    }

    @Override
    public Integer call() throws java.io.IOException {
        int actions = (list ? 1 : 0) + (rename != null ? 1 : 0) + (remove != null ? 1 : 0) + (name != null ? 1 : 0)
                + (check ? 1 : 0) + (folder != null ? 1 : 0);
        if (actions != 1) {
            throw new UsageException("Give exactly one of: --name NAME --image FILE, --folder KNOWN, --list, --rename OLD NEW,"
                    + " --remove NAME, --check");
        }
        if (threads != null && folder == null) {
            throw new UsageException("--threads goes with --folder");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            String result;
            try (GalleryStore store = GalleryStore.open(gallery.location(), false)) {
                result = store.integrityCheck();
            }
            out.println(gallery.location() + ": integrity " + result);
            return "ok".equals(result) ? 0 : 1;
        }
        if (list) {
            return list(out);
        }
        if (rename != null) {
            try (GalleryStore store = GalleryStore.open(gallery.location(), false)) {
                store.rename(rename.get(0), rename.get(1));
            }
            out.printf("Renamed '%s' to '%s' in %s%n", PersonName.display(rename.get(0)), PersonName.display(rename.get(1)),
                    gallery.location());
            return 0;
        }
        if (remove != null) {
            RemovalResult r;
            try (GalleryStore store = GalleryStore.open(gallery.location(), false)) {
                r = store.remove(remove);
            }
            out.printf("Removed '%s' and deleted %d vector(s) from %s%s%n", PersonName.display(r.name()), r.vectorsDeleted(), gallery.location(),
                    r.oldCopiesPurged() ? "" : " (another connection kept old copies of the rows alive: they go at the next"
                            + " checkpoint or vacuum)");
            return 0;
        }
        return folder != null ? enrollFolder(out) : enroll(out);
    }

    private int enrollFolder(PrintWriter out) throws java.io.IOException {
        if (!images.isEmpty()) {
            throw new UsageException("--folder takes the people from the folder: give no --image");
        }
        int n = ParallelImages.threads(threads);
        FaceSelection selection = FaceSelection.parse(face);
        FolderEnrollment.people(folder); // a usage error for an empty or missing folder, before a gallery file is created
        PrintWriter err = spec.commandLine().getErr();
        try (OneShot oneShot = GalleryCliOptions.open(encoders, modelChoice, null, 1, true);
                Gallery g = oneShot.gallery(gallery.spec())) {
            FolderEnrollment.Result r = new FolderEnrollment(oneShot, g, selection, n).run(folder, out, err);
            out.printf("%s: enrolled %d image(s), %d already enrolled (skipped), %d rejected; %d people of %s are in the"
                    + " gallery (model %s)%n", g.location(), r.enrolled(), r.alreadyEnrolled(), r.rejected().size(), r.people(),
                    folder, oneShot.modelId());
            return r.rejected().isEmpty() ? 0 : 1;
        }
    }

    private int list(PrintWriter out) {
        try (GalleryStore store = GalleryStore.open(gallery.location(), false)) {
            List<IdentitySummary> people = store.list();
            out.printf("%s: model %s, %d people%n", gallery.location(), store.modelId().orElse("(none yet)"), people.size());
            for (IdentitySummary p : people) {
                out.printf(Locale.ROOT, "  %-30s %3d image(s)  since %s%n", PersonName.display(p.name()), p.embeddings(),
                        p.createdAt());
            }
        }
        return 0;
    }

    /** A new name that differs from an enrolled one only in case or look-alike letters is most likely a typo. */
    static void warnIfLookAlike(Gallery g, String name, PrintWriter err) {
        for (String other : g.lookAlikes(name)) {
            err.printf("warning: '%s' differs from the enrolled '%s' only in case or in look-alike letters; it is enrolled"
                    + " as a new person. To extend '%s' instead, use that name exactly.%n", PersonName.display(
                    PersonName.validate(name)), PersonName.display(other), PersonName.display(other));
        }
    }

    private int enroll(PrintWriter out) {
        if (images.isEmpty()) {
            throw new UsageException("--name needs at least one --image FILE");
        }
        PersonName.validate(name); // before the gallery file is created
        FaceSelection selection = FaceSelection.parse(face);
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        // the encoder first: without a face pipeline no gallery file should be created
        try (OneShot oneShot = GalleryCliOptions.open(encoders, modelChoice, null, 1, true);
                Gallery g = oneShot.gallery(gallery.spec())) { // refuses a gallery of another model before any encoding
            warnIfLookAlike(g, name, err);
            for (Path image : images) {
                try {
                    Enrolment e = g.enroll(name, GalleryCliOptions.pick(selection, oneShot.faces(image), image));
                    int n = g.people().stream().filter(p -> p.name().equals(name)).mapToInt(IdentitySummary::embeddings)
                            .findFirst().orElse(0);
                    out.printf("Enrolled '%s' from %s (face %s, model %s): %d image(s) in the template%n",
                            PersonName.display(e.name()), image,
                            e.box(), e.modelId(), n);
                } catch (GalleryException | OneShotException e) {
                    if (images.size() == 1) {
                        throw e;
                    }
                    failed++; // with several images, report each failure and go on with the rest
                    err.println("error: " + e.getMessage());
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
