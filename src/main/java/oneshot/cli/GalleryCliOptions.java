package oneshot.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import oneshot.Face;
import oneshot.OneShot;
import oneshot.OneShotOptions;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceSelection;
import oneshot.gallery.GalleryStore;
import picocli.CommandLine.Option;

/** Options the gallery commands share (picocli mixins). */
final class GalleryCliOptions {
    private GalleryCliOptions() {}

    /** The facade for a command: its --model (or the test's encoder) and, when it decides, --threshold / --calibration. */
    static OneShot open(Supplier<FaceEncoder> override, ModelChoice model, Decision decision, int candidates,
            boolean uniqueNames) {
        OneShotOptions o = new OneShotOptions().model(model.model).candidates(candidates).uniqueNames(uniqueNames)
                .searchThreads(Runtime.getRuntime().availableProcessors());
        if (override != null) {
            o.encoder(override.get());
        }
        if (decision != null) {
            o.threshold(decision.threshold).calibration(decision.calibration);
        }
        return OneShot.open(o);
    }

    /** The face --face names (default: the only one), with the command-line wording when there is none or a choice is needed. */
    static Face pick(FaceSelection selection, List<Face> faces, Path image) {
        return faces.get(selection.index(faces.stream().map(Face::box).toList(), faces.stream().map(Face::score).toList(),
                image));
    }

    /** Where the gallery lives. */
    static final class Gallery {
        @Option(names = "--gallery", paramLabel = "FILE",
                description = "Gallery database (default: gallery.db in the working directory).")
        Path gallery;

        Path path() {
            return gallery != null ? gallery : GalleryStore.defaultPath();
        }
    }

    /** Which model embeds the faces. */
    static final class ModelChoice {
        @Option(names = "--model", paramLabel = "NAME|FILE",
                description = "Model params file or name in weights/ (default: the best model found: trained, complete import, partial import).")
        String model;
    }

    /** How the match threshold is chosen. */
    static final class Decision {
        @Option(names = "--threshold", paramLabel = "D",
                description = "Accept a match when squared L2 distance <= D (overrides calibration).")
        Double threshold;

        @Option(names = "--calibration", paramLabel = "SUMMARY_JSON",
                description = "An evaluation report's summary.json whose calibrated threshold (for this model) is used.")
        Path calibration;
    }
}
