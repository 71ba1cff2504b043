package oneshot.gallery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The float32 templates a compact index re-ranks its candidates with, row-major in a memory-mapped temporary file
 * (owner-only, deleted on close): a probe reads only its few candidate rows, so they need not sit in the Java heap, and
 * the operating system keeps the pages that are used in its cache. One file, mapped in chunks of at most 1 GiB.
 */
final class RerankRows implements AutoCloseable {
    private static final long CHUNK_BYTES = 1L << 30;

    private final int dim;
    private final int rows;
    private final int rowsPerChunk;
    private final Path file;
    private final FloatBuffer[] chunks;

    RerankRows(int rows, int dim) {
        this.dim = dim;
        this.rows = rows;
        this.rowsPerChunk = (int) Math.max(1, CHUNK_BYTES / (4L * Math.max(dim, 1)));
        try {
            file = Files.createTempFile("oneshot-rerank-", ".f32",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            int n = Math.max(1, (rows + rowsPerChunk - 1) / rowsPerChunk);
            chunks = new FloatBuffer[n];
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (int c = 0; c < n; c++) {
                    long from = (long) c * rowsPerChunk;
                    long count = Math.min(rowsPerChunk, rows - from);
                    ByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, from * dim * 4, Math.max(0, count) * dim * 4);
                    chunks[c] = map.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the re-ranking file in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
    }

    int rows() {
        return rows;
    }

    /** Bytes of the file (page cache, not heap). */
    long fileBytes() {
        return 4L * rows * dim;
    }

    void set(int row, float[] unit) {
        chunks[row / rowsPerChunk].put((row % rowsPerChunk) * dim, unit);
    }

    /** Row {@code row} into {@code into} (length dim). */
    void read(int row, float[] into) {
        chunks[row / rowsPerChunk].get((row % rowsPerChunk) * dim, into);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file); // the mapping stays valid until collected; the name goes now
        } catch (IOException e) {
            // deleteOnExit retries
        }
    }
}
