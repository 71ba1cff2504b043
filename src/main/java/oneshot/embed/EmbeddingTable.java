package oneshot.embed;

import oneshot.io.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Embeddings of many images: for each row an image path, an identity label and a vector, plus the id of the model that made them.
 *
 * <p>Two file formats. CSV, for people and other tools: an optional first line {@code # model=<id>}, one header line
 * {@code path,label,e0,...,e127}, then one row per image. Binary ({@code .emb}, or any name not ending in {@code .csv}), for fast
 * loading: little-endian, laid out as
 * <pre>
 *   magic "OSEMB\0\0\1" (8 bytes) | version int32 (=1) | count int32 | dim int32 | modelId (int32 byte length + UTF-8)
 *   count x (path, label) each as int32 byte length + UTF-8 | count*dim float32 | CRC32 of all preceding bytes as int64
 * </pre>
 * Both writers go through a temporary file and an atomic rename, so a crash never leaves a half-written table under the real
 * name; the binary reader refuses truncated or corrupted files with the file name and what is wrong.
 */
public final class EmbeddingTable {
    static final byte[] MAGIC = {'O', 'S', 'E', 'M', 'B', 0, 0, 1};
    static final int VERSION = 1;
    private static final String MODEL_PREFIX = "# model=";
    /** How {@link oneshot.io.OutputGuard} recognises an earlier CSV of this class (with or without the model line). */
    public static final oneshot.io.OutputKind CSV_KIND = oneshot.io.OutputKind.text("an embedding CSV", MODEL_PREFIX,
            "path,label,");
    public static final oneshot.io.OutputKind BINARY_KIND = oneshot.io.OutputKind.of("an embedding .emb file", MAGIC);

    private final String modelId;
    private final List<String> paths;
    private final List<String> labels;
    private final float[][] vectors;
    private volatile Map<String, Integer> byPath;
    private volatile Map<String, Integer> byKey;

    /** Takes ownership of the lists and arrays: every vector must have the same length. */
    public EmbeddingTable(String modelId, List<String> paths, List<String> labels, float[][] vectors) {
        if (paths.size() != labels.size() || paths.size() != vectors.length) {
            throw new IllegalArgumentException("paths (" + paths.size() + "), labels (" + labels.size()
                    + ") and vectors (" + vectors.length + ") differ in length");
        }
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != dim) {
                throw new IllegalArgumentException("vector " + i + " (" + paths.get(i) + ") has " + vectors[i].length
                        + " values, expected " + dim);
            }
        }
        this.modelId = modelId == null ? "" : modelId;
        this.paths = List.copyOf(paths);
        this.labels = List.copyOf(labels);
        this.vectors = vectors;
    }

    public String modelId() { return modelId; }
    public int size() { return paths.size(); }
    public int dim() { return vectors.length == 0 ? 0 : vectors[0].length; }
    public String path(int i) { return paths.get(i); }
    public String label(int i) { return labels.get(i); }
    /** The stored vector itself (not a copy): do not modify. */
    public float[] vector(int i) { return vectors[i]; }
    public List<String> paths() { return Collections.unmodifiableList(paths); }
    public List<String> labels() { return Collections.unmodifiableList(labels); }

    /**
     * Row of an image path, or -1: the one lookup every reader of a table uses (pairs files, galleries, reports).
     * An exact match first; else the path's last two components without the extension, because tables hold absolute or
     * dataset-relative paths while pairs files name {@code name/name_0001.jpg}, and the aligned cache stores LFW's JPEGs
     * as {@code name_0001.png}.
     */
    public int indexOf(String path) {
        if (byPath == null) {
            Map<String, Integer> exact = new HashMap<>(paths.size() * 2);
            Map<String, Integer> keys = new HashMap<>(paths.size() * 2);
            for (int i = 0; i < paths.size(); i++) {
                exact.putIfAbsent(paths.get(i), i);
                keys.putIfAbsent(lookupKey(paths.get(i)), i);
            }
            byKey = keys;
            byPath = exact;
        }
        Integer exact = byPath.get(path);
        if (exact != null) {
            return exact;
        }
        String p = path.replace('\\', '/');
        boolean namesAnImage = p.lastIndexOf('.') > p.lastIndexOf('/') + 1; // a bare stem is not an image path
        return namesAnImage ? byKey.getOrDefault(lookupKey(path), -1) : -1;
    }

    /** {@code name/name_0001} of {@code /any/where/name/name_0001.png}: folder and file name, extension dropped. */
    public static String lookupKey(String path) {
        String p = path.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        if (dot > slash + 1) {
            p = p.substring(0, dot);
        }
        int prev = slash < 0 ? -1 : p.lastIndexOf('/', slash - 1);
        return p.substring(prev + 1);
    }

    /** Collects rows one at a time (what an embedding job does). */
    public static final class Builder {
        private final String modelId;
        private final List<String> paths = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final List<float[]> vectors = new ArrayList<>();

        public Builder(String modelId) { this.modelId = modelId; }

        public Builder add(String path, String label, float[] vector) {
            paths.add(path);
            labels.add(label);
            vectors.add(vector);
            return this;
        }

        public int size() { return paths.size(); }

        public EmbeddingTable build() {
            return new EmbeddingTable(modelId, paths, labels, vectors.toArray(new float[0][]));
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads either format: binary if the file starts with the magic bytes, CSV otherwise. */
    public static EmbeddingTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Embedding file " + file + " does not exist or is not a file");
        }
        byte[] head = new byte[MAGIC.length];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n == MAGIC.length && java.util.Arrays.equals(head, MAGIC)) {
                return readBinary(file);
            }
        }
        return readCsv(file);
    }

    public static EmbeddingTable readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int li = 0;
        String modelId = "";
        if (li < lines.size() && lines.get(li).startsWith(MODEL_PREFIX)) {
            modelId = lines.get(li).substring(MODEL_PREFIX.length()).trim();
            li++;
        }
        if (li >= lines.size()) {
            throw new IOException(file + ": no header line (expected path,label,e0,...)");
        }
        String[] header = lines.get(li).split(",", -1);
        if (header.length < 3 || !header[0].trim().equals("path") || !header[1].trim().equals("label")) {
            throw new IOException(file + " line " + (li + 1) + ": header must be path,label,e0,...,e<d-1>, got '"
                    + abbreviate(lines.get(li)) + "'");
        }
        int dim = header.length - 2;
        for (int d = 0; d < dim; d++) {
            if (!header[d + 2].trim().equals("e" + d)) {
                throw new IOException(file + " line " + (li + 1) + ": column " + (d + 3) + " must be e" + d
                        + ", got '" + header[d + 2] + "'");
            }
        }
        li++;
        List<String> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<float[]> vecs = new ArrayList<>();
        for (; li < lines.size(); li++) {
            String line = lines.get(li);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != dim + 2) {
                throw new IOException(file + " line " + (li + 1) + ": expected " + (dim + 2) + " columns, got " + f.length
                        + " (truncated or a comma inside a path?)");
            }
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                try {
                    v[d] = Float.parseFloat(f[d + 2]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + (li + 1) + ": e" + d + " is not a number: '" + f[d + 2] + "'");
                }
                if (!Float.isFinite(v[d])) {
                    throw new IOException(file + " line " + (li + 1) + ": e" + d + " is not finite: " + f[d + 2]);
                }
            }
            paths.add(f[0]);
            labels.add(f[1]);
            vecs.add(v);
        }
        return new EmbeddingTable(modelId, paths, labels, vecs.toArray(new float[0][]));
    }

    public static EmbeddingTable readBinary(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int fixedHeader = MAGIC.length + 12;
        if (bytes.length < fixedHeader + 4 + 8) {
            throw new IOException(file + ": truncated embedding file (" + bytes.length + " bytes, shorter than the header)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IOException(file + ": not a OneShot binary embedding file (bad magic bytes)");
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        if (version != VERSION) {
            throw new IOException(file + ": unsupported embedding file version " + version + " (this build reads " + VERSION + ")");
        }
        int count = buf.getInt();
        int dim = buf.getInt();
        if (count < 0 || dim < 0) {
            throw new IOException(file + ": corrupt header (count " + count + ", dim " + dim + ")");
        }
        String modelId = readString(buf, file, "model id");
        List<String> paths = new ArrayList<>(count);
        List<String> labels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            paths.add(readString(buf, file, "path of row " + i));
            labels.add(readString(buf, file, "label of row " + i));
        }
        long expected = (long) buf.position() + 4L * count * dim + 8;
        if (bytes.length != expected) {
            throw new IOException(file + ": " + (bytes.length < expected ? "truncated" : "has trailing bytes") + ": "
                    + bytes.length + " bytes, the header promises " + expected + " (" + count + " x " + dim + " floats)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (stored != crc.getValue()) {
            throw new IOException(file + ": checksum mismatch (file corrupted): stored " + Long.toHexString(stored)
                    + ", computed " + Long.toHexString(crc.getValue()));
        }
        float[][] vectors = new float[count][dim];
        var floats = buf.asFloatBuffer();
        for (int i = 0; i < count; i++) {
            floats.get(vectors[i]);
        }
        return new EmbeddingTable(modelId, paths, labels, vectors);
    }

    private static String readString(ByteBuffer buf, Path file, String what) throws IOException {
        if (buf.remaining() < 4) {
            throw new IOException(file + ": truncated while reading the " + what);
        }
        int len = buf.getInt();
        if (len < 0 || len > buf.remaining()) {
            throw new IOException(file + ": truncated or corrupt while reading the " + what + " (length " + len + ", "
                    + buf.remaining() + " bytes left)");
        }
        String s = new String(bytes(buf, len), StandardCharsets.UTF_8);
        return s;
    }

    private static byte[] bytes(ByteBuffer buf, int len) {
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }

    // ---------------------------------------------------------------- writing

    /** Writes CSV if the name ends in {@code .csv}, binary otherwise. */
    public void write(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase().endsWith(".csv")) {
            writeCsv(file);
        } else {
            writeBinary(file);
        }
    }

    public void writeCsv(Path file) throws IOException {
        for (int i = 0; i < size(); i++) {
            checkCsvSafe(paths.get(i), "path", i);
            checkCsvSafe(labels.get(i), "label", i);
        }
        AtomicFiles.write(file, false, out -> {
            BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            if (!modelId.isEmpty()) {
                w.write(MODEL_PREFIX + modelId + "\n");
            }
            StringBuilder sb = new StringBuilder("path,label");
            for (int d = 0; d < dim(); d++) {
                sb.append(",e").append(d);
            }
            w.write(sb.append('\n').toString());
            for (int i = 0; i < size(); i++) {
                sb.setLength(0);
                sb.append(paths.get(i)).append(',').append(labels.get(i));
                for (float x : vectors[i]) {
                    sb.append(',').append(x); // Float.toString round-trips exactly
                }
                w.write(sb.append('\n').toString());
            }
            w.flush();
        });
    }

    private static void checkCsvSafe(String s, String what, int row) {
        if (s.indexOf(',') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("row " + row + ": " + what + " '" + s
                    + "' contains a comma or line break; write the binary format instead");
        }
    }

    public void writeBinary(Path file) throws IOException {
        List<byte[]> strings = new ArrayList<>(2 * size() + 1);
        int stringBytes = 0;
        strings.add(modelId.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < size(); i++) {
            strings.add(paths.get(i).getBytes(StandardCharsets.UTF_8));
            strings.add(labels.get(i).getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] s : strings) {
            stringBytes += 4 + s.length;
        }
        long total = MAGIC.length + 12L + stringBytes + 4L * size() * dim() + 8;
        if (total > Integer.MAX_VALUE) {
            throw new IOException(file + ": table too large for one binary file (" + total + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(size()).putInt(dim());
        for (byte[] s : strings) {
            buf.putInt(s.length).put(s);
        }
        for (float[] v : vectors) {
            for (float x : v) {
                buf.putFloat(x);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putLong(crc.getValue());
        AtomicFiles.write(file, false, out -> out.write(buf.array()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
