package oneshot.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import oneshot.Face;
import oneshot.OneShot;
import oneshot.OneShotOptions;
import oneshot.UsageException;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceSelection;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryLocation;
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

    /** Where the gallery lives: a SQLite file or a PostgreSQL JDBC URL. */
    static final class Gallery {
        @Option(names = "--gallery", paramLabel = "FILE|URL",
                description = "Gallery: a SQLite file (default: gallery.db in the working directory) or a PostgreSQL"
                        + " JDBC URL shared by several servers (jdbc:postgresql://HOST:PORT/DB?currentSchema=S).")
        String gallery;

        /** As given (the facade parses it). */
        String spec() {
            return gallery != null ? gallery : GalleryStore.defaultPath().toString();
        }

        /** The parsed location; an unsupported URL is a usage error. Its toString() is safe to print (no password). */
        GalleryLocation location() {
            try {
                return GalleryLocation.parse(spec());
            } catch (GalleryException e) {
                throw new UsageException(e.getMessage());
            }
        }

        /** {@code others} and the gallery file (if it is one): what an output must never overwrite. */
        List<Path> withFile(Path... others) {
            List<Path> out = new ArrayList<>(List.of(others));
            GalleryLocation l = location();
            if (!l.isDatabase()) {
                out.add(l.file());
            }
            return out;
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
