package oneshot.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceEncoderProvider;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.Threshold;
import picocli.CommandLine.Option;

/** Options the gallery commands share (picocli mixins). */
final class GalleryCliOptions {
    private GalleryCliOptions() {}

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

        FaceEncoder open(Supplier<FaceEncoder> override) {
            return override != null ? override.get() : FaceEncoderProvider.load(model);
        }
    }

    /** How the match threshold is chosen. */
    static final class Decision {
        @Option(names = "--threshold", paramLabel = "D",
                description = "Accept a match when squared L2 distance <= D (overrides calibration).")
        Double threshold;

        @Option(names = "--calibration", paramLabel = "SUMMARY_JSON",
                description = "An evaluation report's summary.json whose calibrated threshold (for this model) is used.")
        Path calibration;

        Threshold resolve(String modelId) {
            return Threshold.resolve(threshold, calibration, modelId);
        }
    }
}
