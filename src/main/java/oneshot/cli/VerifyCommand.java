package oneshot.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import oneshot.Comparison;
import oneshot.Face;
import oneshot.Gallery;
import oneshot.OneShot;
import oneshot.UsageException;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceSelection;
import oneshot.gallery.GalleryException;
import oneshot.gallery.IdentitySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code Verify}: are two images the same person, or is this image the enrolled person N? */
@Command(name = "Verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Says whether two images show the same person (--image A --image B), or whether an image shows an",
                "enrolled person (--image A --name N), with the distance and the threshold used."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 1)
public final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--image", required = true, paramLabel = "FILE", description = "One image, or two to compare.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME", description = "Enrolled person to compare the image with.")
    String name;

    @Option(names = "--face", paramLabel = "largest|N",
            description = "Which face when an image has several: 'largest', or a number (only with a single --image).")
    String face;

    @Option(names = "--json", description = "Print JSON for scripts instead of text.")
    boolean json;

    @Mixin
    GalleryCliOptions.Gallery gallery = new GalleryCliOptions.Gallery();

    @Mixin
    GalleryCliOptions.ModelChoice modelChoice = new GalleryCliOptions.ModelChoice();

    @Mixin
    GalleryCliOptions.Decision decision = new GalleryCliOptions.Decision();

    @Spec
    CommandSpec spec;

    private final Supplier<FaceEncoder> encoders;

    public VerifyCommand() {
        this(null);
    }

    public VerifyCommand(Supplier<FaceEncoder> encoders) {
        this.encoders = encoders;
    }

    @Override
    public Integer call() {
        boolean againstName = name != null;
        if (againstName ? images.size() != 1 : images.size() != 2) {
            throw new UsageException("Give --image A --image B, or --image A --name N");
        }
        FaceSelection selection = FaceSelection.parse(face);
        if (!againstName && selection.number() > 0) {
            throw new UsageException("--face N is ambiguous with two images: use --face largest");
        }
        try (OneShot oneShot = GalleryCliOptions.open(encoders, modelChoice, decision, 1, true)) {
            String model = oneShot.modelId();
            Comparison c;
            String otherLabel;
            if (againstName) {
                try (Gallery g = oneShot.existingGallery(gallery.spec())) { // the gallery's model is checked before encoding
                    Face probe = pick(oneShot, images.get(0), selection);
                    int n = g.people().stream().filter(p -> p.name().equals(name)).mapToInt(IdentitySummary::embeddings)
                            .findFirst().orElse(0);
                    c = g.verify(name, probe); // refuses another model with the re-enrol message, and unknown names
                    otherLabel = "'" + oneshot.gallery.PersonName.display(name) + "' (" + n + " image(s) in " + gallery.location() + ")";
                }
            } else {
                c = oneShot.compare(pick(oneShot, images.get(0), selection), pick(oneShot, images.get(1), selection));
                otherLabel = images.get(1).toString();
            }
            if (!c.calibrated()) {
                spec.commandLine().getErr().println("note: threshold " + c.origin());
            }
            print(spec.commandLine().getOut(), model, otherLabel, c);
        }
        return 0;
    }

    /**
     * The face to compare. With no {@code --face} and several faces, verification takes the dominant one (the others far
     * smaller: bystanders behind a portrait) and says so; with faces of similar size it refuses, as Enroll does.
     */
    private Face pick(OneShot oneShot, Path image, FaceSelection selection) {
        List<Face> faces = oneShot.faces(image);
        int dominant = FaceSelection.dominant(faces.stream().map(Face::box).toList());
        if (selection == FaceSelection.ONLY && faces.size() > 1 && dominant >= 0) {
            spec.commandLine().getErr().printf(Locale.ROOT, "note: %s has %d faces; using the largest (%s), at least %.0fx"
                    + " the area of each other (--face chooses explicitly)%n", image, faces.size(), faces.get(dominant).box(),
                    FaceSelection.DOMINANT_AREA_RATIO);
            return faces.get(dominant);
        }
        return GalleryCliOptions.pick(selection, faces, image);
    }

    private void print(PrintWriter out, String model, String otherLabel, Comparison c) {
        boolean same = c.same();
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("image", images.get(0).toString());
            o.addProperty("against", name != null ? name : images.get(1).toString());
            o.addProperty("modelId", model);
            o.addProperty("samePerson", same);
            o.addProperty("distance", c.distance());
            o.add("threshold", IdentifyCommand.thresholdJson(c.threshold(), c.rule(), c.calibrated(), c.origin()));
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
            return;
        }
        out.printf(Locale.ROOT, "%s: %s vs %s%n", same ? "SAME person" : "DIFFERENT people", images.get(0), otherLabel);
        out.printf(Locale.ROOT, "squared L2 distance %.4f %s threshold %.4f (%s)%n", c.distance(), same ? c.rule() : "vs",
                c.threshold(), c.origin());
    }
}
