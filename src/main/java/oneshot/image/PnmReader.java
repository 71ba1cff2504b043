package oneshot.image;

import java.nio.file.Path;

/**
 * A small reader for Netpbm grey and colour maps: PGM (P2 text, P5 binary) and PPM (P3 text, P6 binary),
 * 8- or 16-bit (big-endian, as the format says). Samples are scaled to 0..255 as {@code round(v * 255 / maxval)}.
 */
final class PnmReader {
    private final byte[] b;
    private final Path file;
    private int p;

    private PnmReader(byte[] bytes, Path file) {
        this.b = bytes;
        this.file = file;
    }

    static boolean looksLikePnm(byte[] b) {
        return b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6';
    }

    /** Width, height and maxval, read from the header only. */
    record Header(int kind, int width, int height, int maxval, int dataStart) {}

    static Header header(byte[] bytes, Path file) throws ImageDecodeException {
        PnmReader r = new PnmReader(bytes, file);
        int kind = bytes[1] - '0';
        if (kind == 1 || kind == 4) {
            throw new ImageDecodeException(file, "PBM bitmaps (P" + kind + ") are not supported; convert to PGM or PNG");
        }
        r.p = 2;
        int w = r.number("width");
        int h = r.number("height");
        int max = r.number("maxval");
        if (w <= 0 || h <= 0) throw new ImageDecodeException(file, "PNM size " + w + "x" + h + " is not positive");
        if (max <= 0 || max > 65535) throw new ImageDecodeException(file, "PNM maxval " + max + " is outside 1..65535");
        if (r.p >= bytes.length) throw new ImageDecodeException(file, "PNM file ends after its header (truncated?)");
        return new Header(kind, w, h, max, r.p + 1);   // exactly one whitespace byte follows maxval
    }

    static RgbImage read(byte[] bytes, Path file, Header hd) throws ImageDecodeException {
        PnmReader r = new PnmReader(bytes, file);
        boolean colour = hd.kind() == 3 || hd.kind() == 6;
        int channels = colour ? 3 : 1;
        long samples = (long) hd.width() * hd.height() * channels;
        byte[] out = new byte[hd.width() * hd.height() * 3];
        int max = hd.maxval();
        boolean text = hd.kind() == 2 || hd.kind() == 3;
        int bytesPer = max > 255 ? 2 : 1;
        if (!text && hd.dataStart() + samples * bytesPer > bytes.length) {
            throw new ImageDecodeException(file, "PNM pixel data is truncated: expected " + samples * bytesPer
                    + " bytes after the header, found " + (bytes.length - hd.dataStart()));
        }
        r.p = hd.dataStart() - 1;
        int q = hd.dataStart();
        for (long i = 0; i < samples; i++) {
            int v;
            if (text) {
                v = r.number("sample " + i);
            } else if (bytesPer == 2) {
                v = ((bytes[q] & 0xff) << 8) | (bytes[q + 1] & 0xff);
                q += 2;
            } else {
                v = bytes[q++] & 0xff;
            }
            if (v > max) throw new ImageDecodeException(file, "PNM sample " + v + " exceeds maxval " + max);
            int s = max == 255 ? v : (int) ((v * 255L + max / 2) / max);
            if (colour) {
                out[(int) i] = (byte) s;
            } else {
                int k = (int) i * 3;
                out[k] = out[k + 1] = out[k + 2] = (byte) s;
            }
        }
        return new RgbImage(hd.width(), hd.height(), out);
    }

    private int number(String what) throws ImageDecodeException {
        while (p < b.length) {
            int c = b[p];
            if (c == '#') {
                while (p < b.length && b[p] != '\n' && b[p] != '\r') p++;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C) {
                p++;
            } else {
                break;
            }
        }
        if (p >= b.length) throw new ImageDecodeException(file, "PNM file ends before its " + what + " (truncated?)");
        long v = 0;
        int start = p;
        while (p < b.length && b[p] >= '0' && b[p] <= '9') {
            v = v * 10 + (b[p] - '0');
            if (v > Integer.MAX_VALUE) throw new ImageDecodeException(file, "PNM " + what + " is too large");
            p++;
        }
        if (p == start) throw new ImageDecodeException(file, "PNM " + what + " is not a number at byte " + p);
        return (int) v;
    }
}
