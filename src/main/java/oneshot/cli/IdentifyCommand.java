package oneshot.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import oneshot.Gallery;
import oneshot.Identification;
import oneshot.OneShot;
import oneshot.gallery.FaceAnnotator;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.GalleryException;
import oneshot.gallery.Match;
import oneshot.gallery.PersonName;
import oneshot.gallery.Threshold;
import oneshot.gallery.Verdict;
import oneshot.io.OutputGuard;
import oneshot.io.OutputKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code Identify}: every face of an image against the gallery: best matches, distances, a name or "unknown". */
@Command(name = "Identify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds every face in an image and names it from the gallery, or says \"unknown\" when the nearest",
                "enrolled person is farther than the threshold (calibrated by an evaluation report, or given)."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
public final class IdentifyCommand implements Callable<Integer> {
    @Option(names = "--image", paramLabel = "FILE", description = "Image to identify the faces of.")
    Path image;

    @Option(names = "--folder", paramLabel = "UNKNOWN", description = "Identify every image under a folder, in parallel, into --csv (a row per"
            + " face: path, face, box, name or unknown, distance; a row for an image with no face or that cannot be read)."
            + " Resumable: a re-started run skips the images already in the CSV.")
    Path folder;

    @Option(names = "--csv", paramLabel = "OUT.csv", description = "The CSV of --folder (resumed when it holds an earlier"
            + " run of the same model and threshold; --force starts it over; never any other file).")
    Path csv;

    @Option(names = "--threads", paramLabel = "N", description = "Images identified at once with --folder (default: one"
            + " per core).")
    Integer threads;

    @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "Candidates per face (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    @Option(names = "--annotate", paramLabel = "OUT.png", description = "Write a copy of the image with boxes and names.")
    Path annotate;

    @Option(names = "--force", description = "Replace an existing --annotate PNG or --csv of an earlier run (never any other"
            + " file).")
    boolean force;

    @Option(names = "--repeat-names", description = "Let several faces of the image get the same name (default: each enrolled"
            + " person names at most one face, nearest first).")
    boolean repeatNames;

    @Mixin
    GalleryCliOptions.Gallery gallery = new GalleryCliOptions.Gallery();

    @Mixin
    GalleryCliOptions.ModelChoice modelChoice = new GalleryCliOptions.ModelChoice();

    @Mixin
    GalleryCliOptions.Decision decision = new GalleryCliOptions.Decision();

    @Spec
    CommandSpec spec;

    private final Supplier<FaceEncoder> encoders;

    public IdentifyCommand() {
        this(null);
    }

    public IdentifyCommand(Supplier<FaceEncoder> encoders) {
        this.encoders = encoders;
    }

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new oneshot.UsageException("--top must be at least 1, got " + top);
        }
        if ((image == null) == (folder == null)) {
            throw new oneshot.UsageException("Give exactly one of --image FILE and --folder UNKNOWN");
        }
        if (folder != null) {
            return identifyFolder();
        }
        if (csv != null || threads != null) {
            throw new oneshot.UsageException("--csv and --threads go with --folder");
        }
        if (annotate != null) { // before any work: never overwrite the gallery, the image or any file not ours
            OutputGuard.checkFile(annotate, OutputKind.PNG, force, gallery.withFile(image));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (OneShot oneShot = GalleryCliOptions.open(encoders, modelChoice, decision, top, !repeatNames);
                Gallery g = oneShot.existingGallery(gallery.spec())) {
            String model = oneShot.modelId();
            Threshold threshold = oneShot.threshold();
            if (!threshold.calibrated()) { // on stderr, so JSON on stdout stays clean
                spec.commandLine().getErr().println("note: threshold " + threshold.origin());
            }
            List<Identification> who = g.identify(image);
            List<FaceAnnotator.Label> labels = new ArrayList<>();
            for (Identification id : who) {
                labels.add(new FaceAnnotator.Label(id.face().box(),
                        new Verdict(id.name(), id.distance(), threshold.value(), id.candidates())));
            }
            int people = g.size();
            if (json) {
                out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                        .toJson(toJson(model, people, threshold, who, labels)));
            } else {
                printText(out, people, threshold, labels);
            }
            if (annotate != null) {
                FaceAnnotator.annotate(image, labels, annotate);
                if (!json) {
                    out.println("Annotated copy: " + annotate);
                }
            }
        }
        return 0;
    }

    private int identifyFolder() throws IOException {
        if (csv == null) {
            throw new oneshot.UsageException("--folder needs --csv OUT.csv");
        }
        if (json || annotate != null) {
            throw new oneshot.UsageException("--json and --annotate go with --image; --folder writes --csv");
        }
        int n = ParallelImages.threads(threads);
        // before any work: the CSV is ours (resumed, or replaced with --force) or absent, never an input or another file
        OutputGuard.checkFile(csv, IdentificationCsv.KIND, true, gallery.withFile(folder));
        List<Path> files = FolderIdentification.images(folder);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OneShot oneShot = GalleryCliOptions.open(encoders, modelChoice, decision, top, !repeatNames);
                Gallery g = oneShot.existingGallery(gallery.spec())) {
            Threshold threshold = oneShot.threshold();
            if (!threshold.calibrated()) {
                err.println("note: threshold " + threshold.origin());
            }
            if (force) {
                java.nio.file.Files.deleteIfExists(csv);
            }
            FolderIdentification.Result r;
            try (IdentificationCsv rows = IdentificationCsv.open(csv, oneShot.modelId(), threshold.value())) {
                r = new FolderIdentification(g, n).run(folder, files, rows, csv, err);
            }
            out.printf(Locale.ROOT, "%s: %d image(s) (%d from an earlier run), %d face(s): %d named, %d unknown; %d image(s)"
                    + " with no face, %d unreadable; gallery %s with %d people; threshold %.4f -> %s%n", folder, r.images(),
                    r.resumed(), r.faces(), r.named(), r.faces() - r.named(), r.noFace(), r.unreadable().size(), g.location(),
                    g.size(), threshold.value(), csv);
            return r.unreadable().isEmpty() ? 0 : 1;
        }
    }

    private void printText(PrintWriter out, int people, Threshold t, List<FaceAnnotator.Label> labels) {
        out.printf(Locale.ROOT, "%s: %d face(s); gallery %s with %d people; threshold %.4f (%s)%n", image, labels.size(),
                gallery.location(), people, t.value(), t.origin());
        if (labels.isEmpty()) {
            out.println("No face found in " + image);
        }
        for (int i = 0; i < labels.size(); i++) {
            Verdict v = labels.get(i).verdict();
            String why = v.candidates().isEmpty() ? "the gallery is empty"
                    : String.format(Locale.ROOT, "distance %.4f %s %.4f", v.distance(), v.known() ? t.rule() : "vs", t.value());
            out.printf(Locale.ROOT, "face %d %s: %s (%s)%n", i + 1, labels.get(i).box(), PersonName.display(v.label()), why);
            for (Match m : v.candidates()) {
                out.printf(Locale.ROOT, "    %-30s %.4f  (%d image(s))%n", PersonName.display(m.name()), m.distance(),
                        m.embeddings());
            }
        }
    }

    private JsonObject toJson(String model, int people, Threshold t, List<Identification> faces,
            List<FaceAnnotator.Label> labels) {
        JsonObject root = new JsonObject();
        root.addProperty("image", image.toString());
        root.addProperty("gallery", gallery.location().toString());
        root.addProperty("modelId", model);
        root.addProperty("galleryPeople", people);
        root.add("threshold", thresholdJson(t.value(), t.rule(), t.calibrated(), t.origin()));
        JsonArray arr = new JsonArray();
        for (int i = 0; i < labels.size(); i++) {
            Verdict v = labels.get(i).verdict();
            JsonObject f = new JsonObject();
            f.addProperty("face", i + 1);
            f.add("box", boxJson(labels.get(i)));
            f.addProperty("detectorScore", faces.get(i).face().score());
            f.addProperty("verdict", v.label());
            f.addProperty("known", v.known());
            if (!v.candidates().isEmpty()) {
                f.addProperty("distance", v.distance());
            }
            JsonArray matches = new JsonArray();
            for (Match m : v.candidates()) {
                JsonObject mj = new JsonObject();
                mj.addProperty("name", m.name());
                mj.addProperty("distance", m.distance());
                mj.addProperty("images", m.embeddings());
                matches.add(mj);
            }
            f.add("matches", matches);
            arr.add(f);
        }
        root.add("faces", arr);
        return root;
    }

    static JsonObject thresholdJson(double value, String rule, boolean calibrated, String origin) {
        JsonObject o = new JsonObject();
        o.addProperty("distance", "squared_l2");
        o.addProperty("value", value);
        o.addProperty("accept", "distance " + rule + " value");
        o.addProperty("calibrated", calibrated);
        o.addProperty("origin", origin);
        return o;
    }

    private static JsonObject boxJson(FaceAnnotator.Label l) {
        JsonObject b = new JsonObject();
        b.addProperty("x", l.box().x());
        b.addProperty("y", l.box().y());
        b.addProperty("width", l.box().width());
        b.addProperty("height", l.box().height());
        return b;
    }
}
