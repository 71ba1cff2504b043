package oneshot.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV that a resumable job appends to as it goes (the Align job's {@code align.csv}, Identify's folder CSV): a header
 * line, then rows written and flushed together per unit of work, so a killed run loses at most the rows being written. On
 * reopening, a torn last line (no newline) is cut off and the finished rows are read back.
 *
 * <p>Fields holding a comma, a quote or a line break are quoted (line breaks become spaces), RFC 4180 style.
 */
public final class AppendCsv implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final OutputStream out;
    private final int width;
    private final boolean sync;
    private final List<List<String>> existing;

    private AppendCsv(Path file, FileChannel channel, int width, boolean sync, List<List<String>> existing) {
        this.file = file;
        this.existing = existing;
        this.channel = channel;
        this.out = Channels.newOutputStream(channel);
        this.width = width;
        this.sync = sync;
    }

    /**
     * Opens {@code file} for appending, creating it with {@code header} when missing or empty; an existing file must start
     * with that header (else an IOException naming {@code what} the file should be). A torn last line is cut off first.
     *
     * @param ownerOnly create the file rw------- (it holds names)
     * @param sync force each append to the disk, not only to the operating system (survives power loss, not just a kill)
     */
    public static AppendCsv open(Path file, List<String> header, String what, boolean ownerOnly, boolean sync)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<List<String>> existing = List.of();
        if (Files.exists(file)) {
            cutTornTail(file);
            existing = read(file, header, what); // refuses another file before anything is appended
        } else if (ownerOnly) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        AppendCsv csv = new AppendCsv(file, ch, header.size(), sync, existing);
        if (ch.size() == 0) {
            csv.write(List.of(header));
        }
        return csv;
    }

    /**
     * The finished rows after the header, in file order, without opening the file for writing (a torn last line is
     * ignored). Refuses a file whose header is not {@code header}, or a row of another width, naming the line.
     */
    public static List<List<String>> read(Path file, List<String> header, String what) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        String[] lines = end < 0 ? new String[0] : text.substring(0, end).split("\n", -1);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            List<String> f = parse(lines[i]);
            if (i == 0) {
                if (!f.equals(header)) {
                    throw new IOException(file + " is not " + what + " (header " + lines[0] + ")");
                }
                continue;
            }
            if (f.size() != header.size()) {
                throw new IOException(file + " line " + (i + 1) + ": " + f.size() + " fields, expected " + header.size());
            }
            rows.add(f);
        }
        if (lines.length == 0 && !text.isEmpty()) { // only a torn header: not this kind of file, or cut at once
            throw new IOException(file + " is not " + what + " (no complete header line)");
        }
        return rows;
    }

    /** A header line as {@link OutputKind} recognises the file by. */
    public static OutputKind kind(String description, List<String> header) {
        return OutputKind.text(description, format(header));
    }

    public Path file() {
        return file;
    }

    /** The rows the file held when it was opened (after its header), in file order. */
    public List<List<String>> existingRows() {
        return existing;
    }

    /** Appends rows in one write, then flushes (and syncs when opened so): all of them, or on a crash a torn tail. */
    public synchronized void append(List<List<String>> rows) throws IOException {
        for (List<String> r : rows) {
            if (r.size() != width) {
                throw new IllegalArgumentException(r.size() + " fields, expected " + width + ": " + r);
            }
        }
        write(rows);
    }

    private void write(List<List<String>> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(format(r)));
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (sync) {
            channel.force(false);
        }
    }

    /** Cuts a last line that has no newline (a write cut by a kill). */
    static void cutTornTail(Path file) throws IOException {
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

    /** One line, newline included. */
    public static String format(List<String> fields) {
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

    /** The fields of one line (without its newline). */
    public static List<String> parse(String line) {
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
        channel.close();
    }
}
