package oneshot.image;

/**
 * The EXIF Orientation tag (0x0112) of a JPEG, read from its APP1 "Exif" segment, and its application to pixels.
 *
 * <p>Values 1..8 as in the EXIF/TIFF spec: 1 upright, 2 mirrored, 3 rotated 180, 4 flipped vertically, 5 transposed,
 * 6 rotated 90 clockwise to view, 7 transversed, 8 rotated 90 counter-clockwise to view. Anything unreadable counts
 * as 1: a broken EXIF block must not make a good image unreadable.
 */
public final class ExifOrientation {
    private ExifOrientation() {}

    /** The orientation of a JPEG file's bytes (1 when absent or unreadable). */
    public static int ofJpeg(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) return 1;
        int p = 2;
        while (p + 4 <= jpeg.length) {
            if ((jpeg[p] & 0xff) != 0xFF) return 1;
            int marker = jpeg[p + 1] & 0xff;
            if (marker == 0xFF) { p++; continue; }           // fill byte
            if (marker == 0xD9 || marker == 0xDA) return 1;  // end of image / start of scan: no EXIF before
            if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) { p += 2; continue; }
            int len = ((jpeg[p + 2] & 0xff) << 8) | (jpeg[p + 3] & 0xff);
            if (len < 2 || p + 2 + len > jpeg.length) return 1;
            if (marker == 0xE1 && len >= 8 && jpeg[p + 4] == 'E' && jpeg[p + 5] == 'x' && jpeg[p + 6] == 'i'
                    && jpeg[p + 7] == 'f' && jpeg[p + 8] == 0 && jpeg[p + 9] == 0) {
                int o = ofTiff(jpeg, p + 10, p + 2 + len);
                if (o != 0) return o;
            }
            p += 2 + len;
        }
        return 1;
    }

    /** Reads IFD0's Orientation from a TIFF structure at [start, end); 0 when absent. */
    static int ofTiff(byte[] b, int start, int end) {
        if (end - start < 8) return 0;
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') little = true;
        else if (b[start] == 'M' && b[start + 1] == 'M') little = false;
        else return 0;
        if (u16(b, start + 2, little) != 42) return 0;
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || start + ifd + 2 > end) return 0;
        int q = (int) (start + ifd);
        int n = u16(b, q, little);
        q += 2;
        for (int i = 0; i < n && q + 12 <= end; i++, q += 12) {
            if (u16(b, q, little) == 0x0112) {
                int type = u16(b, q + 2, little);
                int value = type == 3 ? u16(b, q + 8, little) : type == 4 ? (int) u32(b, q + 8, little) : 0;
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    private static int u16(byte[] b, int i, boolean little) {
        int a = b[i] & 0xff, c = b[i + 1] & 0xff;
        return little ? a | (c << 8) : (a << 8) | c;
    }

    private static long u32(byte[] b, int i, boolean little) {
        long lo = u16(b, little ? i : i + 2, little);
        long hi = u16(b, little ? i + 2 : i, little);
        return (hi << 16) | lo;
    }

    /** The image as it should be viewed given its stored orientation. */
    public static RgbImage apply(RgbImage img, int orientation) {
        if (orientation <= 1 || orientation > 8) return img;
        int w = img.width(), h = img.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        byte[] src = img.rgb();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx, sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }  // 8
                }
                int si = (sy * w + sx) * 3, di = (y * ow + x) * 3;
                dst[di] = src[si];
                dst[di + 1] = src[si + 1];
                dst[di + 2] = src[si + 2];
            }
        }
        return new RgbImage(ow, oh, dst);
    }
}
