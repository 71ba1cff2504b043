package oneshot.image;

/**
 * What the JPEG markers say before any pixel is decoded: the frame's size and component count, and the Adobe APP14
 * colour transform (0 = none/CMYK, 1 = YCbCr, 2 = YCCK; -1 when there is no Adobe segment).
 */
record JpegInfo(int width, int height, int components, int adobeTransform) {

    static boolean looksLikeJpeg(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
    }

    /** Parses markers up to the first SOFn; null when no frame header is found. */
    static JpegInfo parse(byte[] b) {
        int adobe = -1;
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xff) != 0xFF) return null;
            int m = b[p + 1] & 0xff;
            if (m == 0xFF) { p++; continue; }
            if (m == 0xD9 || m == 0xDA) return null;
            if (m >= 0xD0 && m <= 0xD7 || m == 0x01) { p += 2; continue; }
            int len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            if (len < 2 || p + 2 + len > b.length) return null;
            if (m == 0xEE && len >= 14 && b[p + 4] == 'A' && b[p + 5] == 'd' && b[p + 6] == 'o' && b[p + 7] == 'b'
                    && b[p + 8] == 'e') {
                adobe = b[p + 15] & 0xff;
            }
            boolean sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (sof && len >= 8) {
                int h = ((b[p + 5] & 0xff) << 8) | (b[p + 6] & 0xff);
                int w = ((b[p + 7] & 0xff) << 8) | (b[p + 8] & 0xff);
                int nc = b[p + 9] & 0xff;
                return new JpegInfo(w, h, nc, adobe);
            }
            p += 2 + len;
        }
        return null;
    }
}
