package oneshot.align;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads values written by dlib's {@code serialize.h}: variable-length integers and {@code float_details} floats.
 *
 * <p>Integers: a control byte (low 4 bits = byte count, bit 7 = negative) then the magnitude, little-endian.
 * Floats: a mantissa (int64) and an exponent (int16), value = mantissa * 2^exponent, with three reserved
 * exponents for +inf, -inf and NaN. dlib's older ASCII float format is rejected with a clear message.
 */
final class DlibInput implements AutoCloseable {
    // float_details reserved exponents (dlib/float_details.h)
    private static final int IS_INF = 32000;
    private static final int IS_NINF = 32001;
    private static final int IS_NAN = 32002;

    private final InputStream in;
    private final String source;
    private long position;
    // Own unsynchronised buffer: the 100 MB model is ~60 M single-byte reads.
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;

    DlibInput(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Fills the buffer when empty; false at end of stream. */
    private boolean fill() throws IOException {
        if (pos < limit) return true;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) return false;
        pos = 0;
        limit = n;
        return true;
    }

    long position() {
        return position;
    }

    private int readByte() throws IOException {
        if (pos >= limit && !fill()) {
            throw new EOFException(source + ": file ends early at byte " + position + " (truncated download?)");
        }
        position++;
        return buf[pos++] & 0xff;
    }

    /** True when no byte is left. */
    boolean atEnd() throws IOException {
        return !fill();
    }

    /** A signed integer of at most 8 bytes (int, long, int64, short). */
    long readSigned() throws IOException {
        long at = position;
        int control = readByte();
        if ((control & 0x70) != 0) {
            throw new IOException(source + ": bad integer control byte 0x" + Integer.toHexString(control) + " at byte " + at);
        }
        int size = control & 0x0F;
        if (size == 0 || size > 8) {
            throw new IOException(source + ": bad integer size " + size + " at byte " + at);
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= ((long) readByte()) << (8 * i);
        }
        return (control & 0x80) != 0 ? -v : v;
    }

    /** An unsigned integer (unsigned long): the sign bit must be clear. */
    long readUnsigned() throws IOException {
        long at = position;
        long v = readSigned();
        if (v < 0) {
            throw new IOException(source + ": negative value where an unsigned integer was expected at byte " + at);
        }
        return v;
    }

    /** An unsigned count that must fit the given bound (vector sizes, indices). */
    int readCount(long max, String what) throws IOException {
        long at = position;
        long v = readUnsigned();
        if (v > max) {
            throw new IOException(source + ": " + what + " = " + v + " at byte " + at + " exceeds " + max + " (not a shape predictor file?)");
        }
        return (int) v;
    }

    /** A float as dlib's float_details::convert_to_T&lt;float&gt; rebuilds it: (float) mantissa scaled by 2^exponent. */
    float readFloat() throws IOException {
        long at = position;
        int first = peekControl();
        if ((first & 0x70) != 0) {
            throw new IOException(source + ": old ASCII float encoding at byte " + at + " is not supported");
        }
        long mantissa = readSigned();
        int exponent = (int) readSigned();
        if (exponent < IS_INF) {
            return Math.scalb((float) mantissa, exponent);
        }
        if (exponent == IS_INF) return Float.POSITIVE_INFINITY;
        if (exponent == IS_NINF) return Float.NEGATIVE_INFINITY;
        return Float.NaN;
    }

    private int peekControl() throws IOException {
        if (!fill()) {
            throw new EOFException(source + ": file ends early at byte " + position + " (truncated download?)");
        }
        return buf[pos] & 0xff;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
