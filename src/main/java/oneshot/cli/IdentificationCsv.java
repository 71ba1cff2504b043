package oneshot.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import oneshot.Identification;
import oneshot.UsageException;
import oneshot.gallery.FaceBox;
import oneshot.io.AppendCsv;
import oneshot.io.AtomicFiles;
import oneshot.io.OutputKind;

/**
 * The CSV of {@code Identify --folder}: one row per face (its number, box, name or "unknown", distance), and one row for
 * an image with no face or that cannot be read ({@code faces} 0, the reason in {@code failure}). Every row also says which
 * model and threshold decided it, so a resumed run with other settings is refused instead of mixing verdicts.
 *
 * <p>Resumable: rows are appended and synced image by image ({@link AppendCsv}); on reopening, a torn last line is cut
 * and an image whose rows are not all there (fewer rows than its {@code faces}) is dropped and identified again, so no
 * image is listed twice. Owner-only (rw-------): it holds names.
 */
final class IdentificationCsv implements AutoCloseable {
    static final List<String> HEADER = List.of("path", "faces", "face", "x", "y", "width", "height", "name", "distance",
            "threshold", "model", "failure");
    static final OutputKind KIND = AppendCsv.kind("an Identify --folder CSV", HEADER);
    static final String NO_FACE = "no face";
    private static final String WHAT = "an Identify --folder CSV";
    private static final int PATH = 0, FACES = 1, FACE = 2, THRESHOLD = 9, MODEL = 10, FAILURE = 11;

    private final AppendCsv csv;
    private final Set<String> done;
    private final String threshold;
    private final String modelId;

    private IdentificationCsv(AppendCsv csv, Set<String> done, String threshold, String modelId) {
        this.csv = csv;
        this.done = done;
        this.threshold = threshold;
        this.modelId = modelId;
    }

    /**
     * Opens (or creates) the CSV for a run of {@code modelId} at {@code threshold}, keeping the images already complete.
     * The caller has checked with {@link oneshot.io.OutputGuard} that the file is absent or this kind of file.
     */
    static IdentificationCsv open(Path file, String modelId, double threshold) throws IOException {
        String t = number(threshold);
        Set<String> done = new HashSet<>();
        if (Files.exists(file)) {
            List<List<String>> rows = AppendCsv.read(file, HEADER, WHAT);
            List<List<String>> complete = complete(rows);
            for (List<String> r : complete) {
                if (!r.get(MODEL).equals(modelId) || !r.get(THRESHOLD).equals(t)) {
                    throw new UsageException(file + " was started with model " + r.get(MODEL) + " and threshold "
                            + r.get(THRESHOLD) + ", this run uses model " + modelId + " and threshold " + t + ": rerun with"
                            + " the same --model and --threshold/--calibration to resume it, or pass --force to start over");
                }
                done.add(r.get(PATH));
            }
            if (complete.size() < rows.size()) { // rows of an image cut short by a kill: drop them, redo that image
                AtomicFiles.write(file, false, out -> {
                    StringBuilder sb = new StringBuilder(AppendCsv.format(HEADER));
                    complete.forEach(r -> sb.append(AppendCsv.format(r)));
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                });
            }
        }
        return new IdentificationCsv(AppendCsv.open(file, HEADER, WHAT, true, true), done, t, modelId);
    }

    /** The rows of images that have all their rows (one per face, or the one row of a faceless or failed image). */
    private static List<List<String>> complete(List<List<String>> rows) {
        Map<String, List<List<String>>> byImage = new LinkedHashMap<>();
        for (List<String> r : rows) {
            byImage.computeIfAbsent(r.get(PATH), k -> new ArrayList<>()).add(r);
        }
        List<List<String>> out = new ArrayList<>();
        for (List<List<String>> image : byImage.values()) {
            int faces;
            try {
                faces = Integer.parseInt(image.get(0).get(FACES));
            } catch (NumberFormatException e) {
                continue;
            }
            Set<String> numbers = new HashSet<>();
            image.forEach(r -> numbers.add(r.get(FACE)));
            boolean whole = faces == 0 ? image.size() == 1 : image.size() == faces && numbers.size() == faces;
            if (whole) {
                out.addAll(image);
            }
        }
        return out;
    }

    /** True when the image (path relative to the folder) has all its rows from an earlier run. */
    boolean done(String path) {
        return done.contains(path);
    }

    /** How many images the file held when it was opened. */
    int resumed() {
        return done.size();
    }

    /** The rows of one image's faces, written together. */
    void faces(String path, List<Identification> who) throws IOException {
        if (who.isEmpty()) {
            failure(path, NO_FACE);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < who.size(); i++) {
            Identification id = who.get(i);
            FaceBox b = id.face().box();
            rows.add(List.of(path, Integer.toString(who.size()), Integer.toString(i + 1), box(b.x()), box(b.y()),
                    box(b.width()), box(b.height()), id.label(), Double.isNaN(id.distance()) ? "" : distance(id.distance()),
                    threshold, modelId, ""));
        }
        csv.append(rows);
    }

    /** The one row of an image with no face or that could not be read. */
    void failure(String path, String reason) throws IOException {
        csv.append(List.of(List.of(path, "0", "", "", "", "", "", "", "", threshold, modelId, reason)));
    }

    /** Every row of the file, for the run's summary. */
    static List<List<String>> rows(Path file) throws IOException {
        return AppendCsv.read(file, HEADER, WHAT);
    }

    private static String box(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String distance(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
