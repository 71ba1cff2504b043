package oneshot.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file into an {@link RgbImage}, whatever its colour model: 8/16-bit grey (with or without alpha),
 * RGB(A), palette, CMYK and YCCK JPEG (Adobe-inverted or not), PGM/PPM; JPEGs are turned upright by their EXIF
 * orientation. Alpha is dropped (not composited). 16-bit samples keep their high byte, as libpng's strip_16 (and so
 * OpenCV's {@code imread}) does.
 *
 * <p>The pixel count is checked from the header before any pixel is decoded ({@link #DEFAULT_MAX_PIXELS} unless
 * configured; system property {@code oneshot.image.maxPixels}). Every failure is an {@link ImageDecodeException}
 * naming the file and the reason: missing, empty, not an image, truncated, too large, unsupported.
 */
public final class ImageDecoder {
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private final long maxPixels;

    /** A decoder with the configured limit (system property {@code oneshot.image.maxPixels}, else 100 megapixels). */
    public ImageDecoder() {
        this(Long.getLong("oneshot.image.maxPixels", DEFAULT_MAX_PIXELS));
    }

    public ImageDecoder(long maxPixels) {
        if (maxPixels <= 0) throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public RgbImage decode(Path file) throws ImageDecodeException {
        byte[] bytes;
        try {
            String notAFile = notAFile(file);
            if (notAFile != null) {
                throw new ImageDecodeException(file, notAFile);
            }
            long size = Files.size(file);
            long maxBytes = Math.min(Integer.MAX_VALUE - 16L, maxPixels * 8 + (1 << 20));
            if (size > maxBytes) {
                // even an uncompressed 16-bit RGBA file within the pixel limit is smaller than this
                throw new ImageTooLargeException(file, "file is " + size + " bytes, too large for an image within the limit of "
                        + maxPixels + " pixels (raise it with -Doneshot.image.maxPixels=N)", 0, maxPixels);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(file, "no such file");
        } catch (FileSystemException e) {
            throw new ImageDecodeException(file, "cannot read the file: " + (e.getReason() != null ? e.getReason() : e));
        } catch (IOException | OutOfMemoryError e) {
            throw new ImageDecodeException(file, "cannot read the file", e);
        }
        return decode(bytes, file);
    }

    /** Why the path is no file to read (missing, a folder, a dangling or looping link), or null when it is one. */
    private static String notAFile(Path file) {
        if (Files.isRegularFile(file)) {
            return null;
        }
        if (Files.isDirectory(file)) {
            return "is a folder, not an image file";
        }
        if (Files.isSymbolicLink(file)) {
            try {
                file.toRealPath();
                return "is a link to something that is not a file";
            } catch (FileSystemException e) {
                return e instanceof NoSuchFileException ? "is a link to a missing file (dangling link)"
                        : "is a link that cannot be followed (" + (e.getReason() != null ? e.getReason() : "a loop") + ")";
            } catch (IOException e) {
                return "is a link that cannot be followed: " + e.getMessage();
            }
        }
        return Files.exists(file) ? "is not a regular file" : "no such file";
    }

    /** Decodes bytes already in memory; {@code name} is used in error messages. */
    public RgbImage decode(byte[] bytes, Path name) throws ImageDecodeException {
        if (bytes.length == 0) throw new ImageDecodeException(name, "file is empty");
        if (PnmReader.looksLikePnm(bytes)) {
            PnmReader.Header h = PnmReader.header(bytes, name);
            checkSize(name, h.width(), h.height());
            return PnmReader.read(bytes, name, h);
        }
        if (JpegInfo.looksLikeJpeg(bytes)) {
            JpegInfo info = JpegInfo.parse(bytes);
            if (info == null) throw new ImageDecodeException(name, "JPEG without a frame header (truncated or corrupt)");
            checkSize(name, info.width(), info.height());
            RgbImage img = info.components() == 4 ? decodeFourChannelJpeg(bytes, name, info) : decodeWithImageIo(bytes, name);
            return ExifOrientation.apply(img, ExifOrientation.ofJpeg(bytes));
        }
        return decodeWithImageIo(bytes, name);
    }

    private void checkSize(Path name, long w, long h) throws ImageDecodeException {
        if (w <= 0 || h <= 0) throw new ImageDecodeException(name, "image size " + w + "x" + h + " is not positive");
        if (w * h > maxPixels) {
            throw new ImageTooLargeException(name, "image is " + w + "x" + h + " = " + (w * h) + " pixels, above the limit of "
                    + maxPixels + " (raise it with -Doneshot.image.maxPixels=N)", w * h, maxPixels);
        }
        if (w * h * 3 > Integer.MAX_VALUE - 16) {
            throw new ImageTooLargeException(name, "image is " + w + "x" + h + ": too large for one RGB buffer", w * h, maxPixels);
        }
    }

    /** Reads through ImageIO, header first (size check), failing on any decoder warning (truncated data). */
    private interface ReaderAction<T> {
        T run(ImageReader r) throws IOException;
    }

    private <T> T withReader(byte[] bytes, Path name, ReaderAction<T> action) throws ImageDecodeException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> it = ImageIO.getImageReaders(in);
            if (!it.hasNext()) {
                String known = unsupportedFormat(bytes);
                throw new ImageDecodeException(name, known != null
                        ? known + " images are not supported (convert to PNG or JPEG)"
                        : "not an image file (unknown format)");
            }
            ImageReader reader = it.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
            try {
                reader.setInput(in, true, true);
                checkSize(name, reader.getWidth(0), reader.getHeight(0));
                T result = action.run(reader);
                if (!warnings.isEmpty()) {
                    throw new ImageDecodeException(name, "corrupt or truncated " + reader.getFormatName() + " data: " + warnings.get(0));
                }
                return result;
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageDecodeException(name, "corrupt, truncated or unsupported image data", e);
        } catch (OutOfMemoryError e) {
            throw new ImageDecodeException(name, "not enough memory to decode", e);
        }
    }

    /** Names formats people do meet but ImageIO cannot read, so the error says what to do. */
    private static String unsupportedFormat(byte[] b) {
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') return "WebP";
        if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            String brand = new String(b, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (brand.startsWith("avi")) return "AVIF";
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) return "HEIC/HEIF";
        }
        return null;
    }

    private RgbImage decodeWithImageIo(byte[] bytes, Path name) throws ImageDecodeException {
        BufferedImage img = withReader(bytes, name, r -> r.read(0));
        return fromBufferedImage(img);
    }

    /** Converts any BufferedImage, reading grey samples raw (getRGB would apply a linear-to-sRGB curve to them). */
    static RgbImage fromBufferedImage(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        int w = img.getWidth(), h = img.getHeight();
        boolean grey = !(cm instanceof IndexColorModel) && cm.getNumColorComponents() == 1;
        if (!grey) {
            if (!(cm instanceof IndexColorModel) && cm.getComponentSize(0) == 16 && raster.getNumBands() >= 3) {
                return highBytes(raster, w, h);
            }
            if (cm instanceof ComponentColorModel && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB
                    && cm.getComponentSize(0) == 8 && raster.getNumBands() >= 3 && !cm.getColorSpace().isCS_sRGB()) {
                // e.g. a JPEG with an embedded ICC profile: keep the stored samples, as libjpeg/OpenCV do
                return rawBands(raster, w, h);
            }
            return RgbImage.of(img);  // 8-bit RGB, RGBA, palette: getRGB is exact for sRGB models; alpha is ignored
        }
        int bits = cm.getComponentSize(0);
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int v = row[x];
                int s = bits == 8 ? v : bits == 16 ? v >>> 8 : bits < 8 ? v * 255 / ((1 << bits) - 1) : v >>> (bits - 8);
                int k = (y * w + x) * 3;
                out[k] = out[k + 1] = out[k + 2] = (byte) s;
            }
        }
        return new RgbImage(w, h, out);
    }

    private static RgbImage rawBands(Raster raster, int w, int h) {
        return bands(raster, w, h, 0);
    }

    /** 16-bit RGB(A): the high byte of each colour sample (getRGB would round v*255/65535 instead). */
    private static RgbImage highBytes(Raster raster, int w, int h) {
        return bands(raster, w, h, 8);
    }

    /** The first three bands as R, G, B, each sample shifted right by {@code shift} bits. */
    private static RgbImage bands(Raster raster, int w, int h, int shift) {
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, c, row);
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * 3 + c] = (byte) (row[x] >>> shift);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * CMYK or YCCK JPEG, which ImageIO cannot turn into a BufferedImage: read the raw components and convert.
     * Adobe-marked files store inverted CMYK (Photoshop's convention); YCCK is converted to inverted CMY first.
     */
    private RgbImage decodeFourChannelJpeg(byte[] bytes, Path name, JpegInfo info) throws ImageDecodeException {
        Raster raster = withReader(bytes, name, r -> r.readRaster(0, null));
        int w = raster.getWidth(), h = raster.getHeight();
        if (raster.getNumBands() != 4) {
            throw new ImageDecodeException(name, "4-component JPEG decoded to " + raster.getNumBands() + " bands");
        }
        boolean inverted = info.adobeTransform() >= 0;
        boolean ycck = info.adobeTransform() == 2;
        byte[] out = new byte[w * h * 3];
        int[] px = new int[4 * w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int c0 = px[4 * x], c1 = px[4 * x + 1], c2 = px[4 * x + 2], k = px[4 * x + 3];
                if (ycck) {   // YCbCr -> RGB gives the stored (inverted) C, M, Y
                    double yy = c0, cb = c1 - 128.0, cr = c2 - 128.0;
                    c0 = clamp((int) Math.round(yy + 1.402 * cr));
                    c1 = clamp((int) Math.round(yy - 0.344136 * cb - 0.714136 * cr));
                    c2 = clamp((int) Math.round(yy + 1.772 * cb));
                }
                if (!inverted) {
                    c0 = 255 - c0; c1 = 255 - c1; c2 = 255 - c2; k = 255 - k;
                }
                // now c = 255 - C (ink-free brightness), likewise k: RGB = (255 - C) * (255 - K) / 255
                int i = (y * w + x) * 3;
                out[i] = (byte) ((c0 * k + 127) / 255);
                out[i + 1] = (byte) ((c1 * k + 127) / 255);
                out[i + 2] = (byte) ((c2 * k + 127) / 255);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
