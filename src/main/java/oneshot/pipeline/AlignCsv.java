package oneshot.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Align job's CSV: one row per input image, appended and flushed as each image finishes, so a crash loses at most
 * the row being written. On reopening, a torn last line (no newline) is cut off and the finished rows are read back.
 */
public final class AlignCsv implements AutoCloseable {
    public static final List<String> HEADER = List.of("path", "faces", "chosen", "score", "left", "top", "right", "bottom",
            "dlib_left", "dlib_top", "dlib_right", "dlib_bottom", "points5", "landmarks68", "alignment", "all_faces",
            "failure");

    private final Path file;
    private final Map<String, List<String>> rows;
    private final BufferedWriter out;

    private AlignCsv(Path file, Map<String, List<String>> rows, BufferedWriter out) {
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
        Files.createDirectories(file.toAbsolutePath().getParent());
        Map<String, List<String>> rows = new LinkedHashMap<>();
        if (Files.exists(file)) {
            cutTornTail(file);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                List<String> f = parse(lines.get(i));
                if (i == 0) {
                    if (!f.equals(HEADER)) {
                        throw new IOException(file + " is not an Align CSV (header " + lines.get(0)
                                + "); move it away or choose another --output");
                    }
                    continue;
                }
                if (f.size() != HEADER.size()) {
                    throw new IOException(file + " line " + (i + 1) + ": " + f.size() + " fields, expected "
                            + HEADER.size());
                }
                rows.put(f.get(0), f);
            }
        }
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (fresh) {
            w.write(format(HEADER));
            w.flush();
        }
        return new AlignCsv(file, rows, w);
    }

    /**
     * Reads the finished rows without opening the file for writing (the last occurrence of a path wins; a torn last
     * line is ignored): for readers of a finished or running Align job, e.g. training that needs the landmarks.
     */
    public static Map<String, List<String>> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Align CSV " + file + " does not exist (run Align to write it)");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        String[] lines = end < 0 ? new String[0] : text.substring(0, end).split("\n", -1);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            List<String> f = parse(lines[i]);
            if (i == 0) {
                if (!f.equals(HEADER)) {
                    throw new IOException(file + " is not an Align CSV (header " + lines[0] + ")");
                }
                continue;
            }
            if (f.size() != HEADER.size()) {
                throw new IOException(file + " line " + (i + 1) + ": " + f.size() + " fields, expected " + HEADER.size());
            }
            rows.put(f.get(0), f);
        }
        return rows;
    }

    private static void cutTornTail(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long len = raf.length();
            long keep = len;
            while (keep > 0) {
                raf.seek(keep - 1);
                if (raf.read() == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < len) {
                raf.setLength(keep);
            }
        }
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
        out.write(format(fields));
        out.flush();
        rows.put(fields.get(0), fields);
    }

    static String format(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String v = fields.get(i) == null ? "" : fields.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                sb.append('"').append(v.replace("\"", "\"\"").replace('\n', ' ').replace('\r', ' ')).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.append('\n').toString();
    }

    static List<String> parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
