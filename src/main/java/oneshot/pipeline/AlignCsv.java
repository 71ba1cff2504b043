package oneshot.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oneshot.io.AppendCsv;

/**
 * The Align job's CSV: one row per input image, appended and flushed as each image finishes, so a crash loses at most
 * the row being written. On reopening, a torn last line (no newline) is cut off and the finished rows are read back
 * ({@link AppendCsv}, the one resumable CSV of every job).
 */
public final class AlignCsv implements AutoCloseable {
    public static final List<String> HEADER = List.of("path", "faces", "chosen", "score", "left", "top", "right", "bottom",
            "dlib_left", "dlib_top", "dlib_right", "dlib_bottom", "points5", "landmarks68", "alignment", "all_faces",
            "failure");

    private static final String WHAT = "an Align CSV";

    private final Path file;
    private final Map<String, List<String>> rows;
    private final AppendCsv out;

    private AlignCsv(Path file, Map<String, List<String>> rows, AppendCsv out) {
        this.file = file;
        this.rows = rows;
        this.out = out;
    }

    /**
     * The alignments recorded in an Align folder's {@code align.csv} (read only; empty when the folder has none), so a
     * command can refuse to feed a network crops of another alignment.
     */
    public static java.util.Set<String> alignmentsIn(Path folder) throws IOException {
        Path file = folder.resolve("align.csv");
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        if (Files.isRegularFile(file)) {
            int column = HEADER.indexOf("alignment");
            for (List<String> row : read(file).values()) {
                if (!row.get(column).isEmpty()) {
                    kinds.add(row.get(column));
                }
            }
        }
        return kinds;
    }

    /** Opens for appending, reading the rows already there (the last occurrence of a path wins). */
    public static AlignCsv open(Path file) throws IOException {
        AppendCsv csv = AppendCsv.open(file, HEADER, WHAT + " (move it away or choose another --output)", false, false);
        return new AlignCsv(file, byPath(csv.existingRows()), csv);
    }

    /**
     * Reads the finished rows without opening the file for writing (the last occurrence of a path wins; a torn last
     * line is ignored): for readers of a finished or running Align job, e.g. training that needs the landmarks.
     */
    public static Map<String, List<String>> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Align CSV " + file + " does not exist (run Align to write it)");
        }
        return byPath(AppendCsv.read(file, HEADER, WHAT));
    }

    private static Map<String, List<String>> byPath(List<List<String>> rows) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (List<String> r : rows) {
            out.put(r.get(0), r);
        }
        return out;
    }

    public Path file() {
        return file;
    }

    /** The finished row of an image (relative path), or null. */
    public synchronized List<String> row(String path) {
        return rows.get(path);
    }

    public synchronized List<List<String>> rows() {
        return new ArrayList<>(rows.values());
    }

    public synchronized void append(List<String> fields) throws IOException {
        if (fields.size() != HEADER.size()) {
            throw new IllegalArgumentException(fields.size() + " fields, expected " + HEADER.size());
        }
        out.append(List.of(fields));
        rows.put(fields.get(0), fields);
    }

    static String format(List<String> fields) {
        return AppendCsv.format(fields);
    }

    static List<String> parse(String line) {
        return AppendCsv.parse(line);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
