package oneshot.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import oneshot.io.AtomicFiles;

/**
 * The frozen prefix's output for every image, stored once as float16 rows: {@code <key>.f16} (row i = image i) and
 * {@code <key>.json} (shape and how many rows are final).
 *
 * <p>Rows are appended in order; the count in the JSON is advanced only after the rows are forced to disk, so a
 * killed build resumes after the last finished chunk and never trusts a half-written row. The key names everything
 * the rows depend on (prefix weights, LRN, preprocessing, image list), so a stale cache is never read.
 */
public final class FeatureCache implements AutoCloseable {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The sidecar's content. */
    static final class Meta {
        String key;
        int rows;
        long[] rowShape;
        int done;
        String description;
    }

    private final Path data;
    private final Path metaFile;
    private final Meta meta;
    private final int rowValues;
    private final FileChannel channel;

    private FeatureCache(Path data, Path metaFile, Meta meta) throws IOException {
        this.data = data;
        this.metaFile = metaFile;
        this.meta = meta;
        long v = 1;
        for (long s : meta.rowShape) {
            v *= s;
        }
        this.rowValues = Math.toIntExact(v);
        this.channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** Opens (or starts) the cache {@code key} in {@code dir} for {@code rows} rows of shape {@code rowShape}. */
    public static FeatureCache open(Path dir, String key, int rows, long[] rowShape, String description)
            throws IOException {
        Files.createDirectories(dir);
        Path metaFile = dir.resolve(key + ".json");
        Path data = dir.resolve(key + ".f16");
        Meta meta;
        if (Files.isRegularFile(metaFile)) {
            try {
                meta = GSON.fromJson(Files.readString(metaFile, StandardCharsets.UTF_8), Meta.class);
            } catch (JsonParseException e) {
                throw new IOException("Feature cache index " + metaFile + " is not valid JSON (delete it to rebuild): "
                        + e.getMessage(), e);
            }
            if (meta == null || !key.equals(meta.key) || meta.rows != rows || !Arrays.equals(meta.rowShape, rowShape)
                    || meta.done < 0 || meta.done > rows) {
                throw new IOException("Feature cache index " + metaFile + " does not describe " + rows + " rows of "
                        + Arrays.toString(rowShape) + " for key " + key + " (delete it to rebuild)");
            }
        } else {
            meta = new Meta();
            meta.key = key;
            meta.rows = rows;
            meta.rowShape = rowShape.clone();
            meta.done = 0;
            meta.description = description;
            Files.deleteIfExists(data);
        }
        FeatureCache c = new FeatureCache(data, metaFile, meta);
        long needed = (long) meta.done * c.rowValues * 2;
        long have = c.channel.size();
        if (have < needed) {
            c.close();
            throw new IOException("Feature cache " + data + " holds " + have + " bytes, its index promises "
                    + needed + " (file truncated; delete " + metaFile + " to rebuild)");
        }
        return c;
    }

    /**
     * The finished cache {@code key} in {@code dir} for reading, if its index says it holds all {@code rows} rows of
     * {@code rowShape}; empty if it does not exist or is not finished (nothing is created).
     */
    private static java.util.Optional<FeatureCache> openIfComplete(Path dir, String key, int rows, long[] rowShape)
            throws IOException {
        if (!Files.isRegularFile(dir.resolve(key + ".json")) || !Files.isRegularFile(dir.resolve(key + ".f16"))) {
            return java.util.Optional.empty();
        }
        FeatureCache c = open(dir, key, rows, rowShape, "");
        if (!c.complete()) {
            c.close();
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(c);
    }

    /**
     * Appends rows {@code done() .. upTo-1} of {@code source} (same row shape) to this cache, in durable chunks: the
     * first rows of an augmented cache are the unaugmented ones (variant 0), which an earlier run may already hold.
     */
    private void appendFrom(FeatureCache source, int upTo, int chunk) throws IOException {
        if (source.rowValues != rowValues || upTo > source.done() || upTo > meta.rows) {
            throw new IllegalArgumentException("Cannot copy rows up to " + upTo + " of " + source.dataFile() + " ("
                    + source.done() + " rows of " + source.rowValues + " values) into " + data + " (" + meta.rows
                    + " rows of " + rowValues + ")");
        }
        while (meta.done < upTo) {
            int n = Math.min(chunk, upTo - meta.done);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = meta.done + i;
            }
            append(source.read(rows), n);
        }
    }

    /**
     * Copies rows {@code done() .. firstRows-1} from the finished cache {@code key} in {@code dir} (same row shape), if
     * there is one: the first rows of an augmented cache are the unaugmented images (variant 0), which an earlier run
     * may already hold. Nothing happens when those rows are done or no such cache is finished.
     */
    public void copyFirstRowsFrom(Path dir, String key, int firstRows) throws IOException {
        if (meta.done >= firstRows) {
            return;
        }
        java.util.Optional<FeatureCache> source = openIfComplete(dir, key, firstRows, meta.rowShape);
        if (source.isEmpty()) {
            return;
        }
        try (FeatureCache s = source.get()) {
            Progress.say("Copying the %s unaugmented rows from %s (resuming at %s)", firstRows, s.dataFile(), meta.done);
            appendFrom(s, firstRows, 256);
        }
    }

    public int rows() { return meta.rows; }

    public int done() { return meta.done; }

    public boolean complete() { return meta.done == meta.rows; }

    public int rowValues() { return rowValues; }

    public long[] rowShape() { return meta.rowShape.clone(); }

    public Path dataFile() { return data; }

    /** Appends {@code n} rows (row-major floats) after the last finished row, durably. */
    public void append(float[] values, int n) throws IOException {
        if (values.length < (long) n * rowValues) {
            throw new IllegalArgumentException(n + " rows need " + ((long) n * rowValues) + " values, got " + values.length);
        }
        if (meta.done + n > meta.rows) {
            throw new IllegalStateException("Feature cache " + data + " is full (" + meta.rows + " rows)");
        }
        ByteBuffer buf = ByteBuffer.allocate(n * rowValues * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n * rowValues; i++) {
            buf.putShort(Half.fromFloat(values[i]));
        }
        buf.flip();
        long pos = (long) meta.done * rowValues * 2;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        channel.force(false);
        meta.done += n;
        AtomicFiles.writeString(metaFile, GSON.toJson(meta) + "\n");
    }

    /** Rows {@code rows[0..]} as one float array (rows.length x rowValues). */
    public float[] read(int[] rows) throws IOException {
        float[] out = new float[rows.length * rowValues];
        ByteBuffer buf = ByteBuffer.allocate(rowValues * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] < 0 || rows[r] >= meta.done) {
                throw new IllegalArgumentException("Row " + rows[r] + " is not in the finished part of " + data
                        + " (" + meta.done + " rows)");
            }
            buf.clear();
            long pos = (long) rows[r] * rowValues * 2;
            while (buf.hasRemaining()) {
                int k = channel.read(buf, pos + buf.position());
                if (k < 0) {
                    throw new IOException("Feature cache " + data + " ends inside row " + rows[r]);
                }
            }
            buf.flip();
            int base = r * rowValues;
            for (int i = 0; i < rowValues; i++) {
                out[base + i] = Half.toFloat(buf.getShort());
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
