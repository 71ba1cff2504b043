package oneshot.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import oneshot.SharedData;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * Given real dlib's 68 landmarks (golden/dlib-align), the chip rectangle, the image-to-chip map and the 150x150 chip
 * pixels must be real dlib 19.24's {@code get_face_chip_details(shape, 150, 0.25)} + {@code extract_image_chip}
 * (golden/dlib-chip).
 */
class DlibChipGoldenTest {
    /** Relative tolerance of the transform (the README's): dlib's pseudo-inverse itself leaves ~1e-13 asymmetries. */
    private static final double TRANSFORM_TOLERANCE = 1e-9;

    @Test
    void lfwChipsAreDlibs() throws Exception {
        check("lfw", 75);
    }

    @Test
    void bbtChipsAreDlibs() throws Exception {
        check("bbt", 40);
    }

    /**
     * Faces 300 to 1300 px wide (golden images enlarged by pixel replication), some reaching past the border: dlib samples
     * these from pyramid_down levels 1 to 3 (fixtures made by real dlib, src/test/resources/.../dlib-chip-pyramid).
     */
    @Test
    void enlargedFacesGoThroughDlibsPyramid() throws Exception {
        Path dir = Path.of(DlibChipGoldenTest.class.getResource("dlib-chip-pyramid/chips.tsv").toURI()).getParent();
        Map<String, double[]> golden = readChipsTsv(dir.resolve("chips.tsv"));
        ImageDecoder decoder = new ImageDecoder();
        int cases = 0, maxLevel = 0;
        double maxRel = 0;
        long bytesDiffer = 0;
        for (String line : Files.readAllLines(dir.resolve("cases.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            int k = Integer.parseInt(f[2]), dx = Integer.parseInt(f[3]), dy = Integer.parseInt(f[4]);
            int[] x = new int[68], y = new int[68];
            for (int i = 0; i < 68; i++) {
                x[i] = k * Integer.parseInt(f[5 + 2 * i]) + dx;
                y[i] = k * Integer.parseInt(f[6 + 2 * i]) + dy;
            }
            RgbImage img = AlignBenchmark.enlarge(decoder.decode(SharedData.require("data").resolve(f[1])), k);
            DlibChipDetails d = DlibChipDetails.forFace(new FaceLandmarks(x, y), 150, 0.25);
            maxRel = Math.max(maxRel, maxRelativeDifference(d, golden.get(f[0])));
            maxLevel = Math.max(maxLevel, DlibChip.pyramidLevels(d));
            RgbImage ref = decoder.decode(dir.resolve(f[0] + ".png"));
            int differ = differingBytes(ref, DlibChip.extract(img, d));
            if (differ > 0) System.out.printf("  %s: %d bytes differ%n", f[0], differ);
            bytesDiffer += differ;
            cases++;
        }
        System.out.printf("enlarged: %d cases, up to %d pyramid levels, max relative |transform - dlib| = %.3g, %d bytes "
                + "differ%n", cases, maxLevel, maxRel, bytesDiffer);
        assertEquals(10, cases);
        assertEquals(3, maxLevel, "the fixtures reach pyramid level 3");
        assertTrue(maxRel <= TRANSFORM_TOLERANCE, "chip transform differs from dlib's by " + maxRel + " (relative)");
        assertEquals(0, bytesDiffer, bytesDiffer + " chip bytes differ from dlib's");
    }

    private static double maxRelativeDifference(DlibChipDetails d, double[] g) {
        double[] m = d.mappingToChip().toArray();
        double[] ours = {d.centerX(), d.centerY(), d.width(), d.height(), d.angle(), m[0], m[1], m[2], m[3], m[4], m[5]};
        double max = 0;
        for (int i = 0; i < ours.length; i++) {
            max = Math.max(max, Math.abs(ours[i] - g[i]) / Math.max(1, Math.abs(g[i])));
        }
        return max;
    }

    private static int differingBytes(RgbImage ref, RgbImage chip) {
        assertEquals(ref.width(), chip.width());
        assertEquals(ref.height(), chip.height());
        int differ = 0;
        for (int i = 0; i < ref.rgb().length; i++) {
            if (ref.rgb()[i] != chip.rgb()[i]) differ++;
        }
        return differ;
    }

    private static void check(String set, int expectedFaces) throws Exception {
        Path align = SharedData.require("golden/dlib-align/" + set);
        Path chips = SharedData.require("golden/dlib-chip/" + set);
        Map<String, double[]> golden = readChipsTsv(chips.resolve("chips.tsv"));
        ImageDecoder decoder = new ImageDecoder();
        int faces = 0, chipsDiffer = 0, maxDiff = 0;
        long bytesDiffer = 0;
        double maxRel = 0;
        for (GoldenAlignRow row : GoldenAlignRow.read(align.resolve("align.tsv"))) {
            if (row.faces() == 0) continue;
            double[] g = golden.get(row.path());
            assertTrue(g != null, set + ": no golden chip row for " + row.path());
            RgbImage img = decoder.decode(SharedData.require("data/" + set).resolve(row.path()));
            CRC32 crc = new CRC32();
            crc.update(img.rgb());
            assertEquals(row.rgbCrc32(), crc.getValue(), row.path() + ": decoded bytes differ from dlib's load_image");
            faces++;

            FaceLandmarks lm = new FaceLandmarks(row.lx(), row.ly());
            DlibChipDetails d = DlibChipDetails.forFace(lm, 150, 0.25);
            maxRel = Math.max(maxRel, maxRelativeDifference(d, g));
            assertEquals(150, d.rows());
            assertEquals(150, d.cols());

            RgbImage chip = DlibChip.extract(img, d);
            RgbImage ref = decoder.decode(chips.resolve("chips").resolve(row.path().replaceAll("\\.[a-z]+$", ".png")));
            assertEquals(150, ref.width());
            assertEquals(150, ref.height());
            int differ = 0;
            for (int i = 0; i < ref.rgb().length; i++) {
                int diff = Math.abs((ref.rgb()[i] & 0xff) - (chip.rgb()[i] & 0xff));
                if (diff != 0) differ++;
                maxDiff = Math.max(maxDiff, diff);
            }
            if (differ > 0) {
                chipsDiffer++;
                System.out.printf("  %s: %d bytes differ%n", row.path(), differ);
            }
            bytesDiffer += differ;
        }
        System.out.printf("%s: %d faces, max relative |transform - dlib| = %.3g, %d chips differ, %d of %d bytes differ "
                + "(max %d)%n", set, faces, maxRel, chipsDiffer, bytesDiffer, (long) faces * 150 * 150 * 3, maxDiff);
        assertEquals(expectedFaces, faces, set + " golden faces");
        assertTrue(maxRel <= TRANSFORM_TOLERANCE, "chip transform differs from dlib's by " + maxRel + " (relative)");
        assertEquals(0, bytesDiffer, bytesDiffer + " chip bytes differ from dlib's (max " + maxDiff + ")");
    }

    /** chips.tsv: path, then cx cy rect_w rect_h angle m00 m01 m02 m10 m11 m12 (README of golden/dlib-chip). */
    private static Map<String, double[]> readChipsTsv(Path tsv) throws Exception {
        List<String> lines = Files.readAllLines(tsv);
        if (!lines.get(0).matches("(path|name)\tcx\tcy\trect_w\trect_h\tangle\tm00\tm01\tm02\tm10\tm11\tm12")) {
            throw new IllegalStateException(tsv + ": unexpected header " + lines.get(0));
        }
        Map<String, double[]> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f.length != 12) throw new IllegalStateException(tsv + ": row with " + f.length + " fields: " + f[0]);
            double[] v = new double[11];
            for (int i = 0; i < 11; i++) v[i] = Double.parseDouble(f[i + 1]);
            rows.put(f[0], v);
        }
        return rows;
    }
}
