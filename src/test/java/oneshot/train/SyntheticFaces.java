package oneshot.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import oneshot.align.FaceLandmarks;
import oneshot.align.OpenFaceAligner;
import oneshot.align.OpenFaceTemplate;
import oneshot.image.RgbImage;
import oneshot.pipeline.AlignCsv;

/**
 * A tiny Align output for tests: originals (128x128 noise around a per-person pattern, PNG) with 68 made-up landmarks
 * each, their 96x96 OpenFace crops in {@code aligned/}, and {@code align.csv} + {@code report.json} as Align writes them.
 */
final class SyntheticFaces {
    final Path originals;
    final Path aligned;

    private SyntheticFaces(Path originals, Path aligned) {
        this.originals = originals;
        this.aligned = aligned;
    }

    /** {@code people} people with {@code images} images each, then {@code singles} people with one image. */
    static SyntheticFaces write(Path root, int people, int images, int singles, long seed) throws IOException {
        Path originals = root.resolve("originals");
        Path aligned = root.resolve("aligned");
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", AlignCsv.HEADER));
        for (int p = 0; p < people + singles; p++) {
            int[] base = new int[128 * 128 * 3];
            for (int i = 0; i < base.length; i++) {
                base[i] = r.nextInt(256);
            }
            String person = "person" + (char) ('a' + p / 10) + (p % 10);
            int n = p < people ? images : 1;
            for (int j = 0; j < n; j++) {
                byte[] px = new byte[base.length];
                for (int i = 0; i < base.length; i++) {
                    px[i] = (byte) Math.max(0, Math.min(255, base[i] + r.nextInt(41) - 20));
                }
                RgbImage img = new RgbImage(128, 128, px);
                FaceLandmarks lm = landmarks(r);
                String rel = person + "/" + person + "_000" + (j + 1) + ".png";
                Files.createDirectories(originals.resolve(person));
                ImageIO.write(img.toBufferedImage(), "png", originals.resolve(rel).toFile());
                RgbImage crop = OpenFaceAligner.alignLandmarks(img, lm, OpenFaceTemplate.OUTER_EYES_AND_NOSE, 96).crop();
                Files.createDirectories(aligned.resolve(person));
                ImageIO.write(crop.toBufferedImage(), "png", aligned.resolve(rel).toFile());
                StringBuilder f = new StringBuilder();
                for (int k = 0; k < 68; k++) {
                    f.append(k > 0 ? ";" : "").append(lm.x(k)).append(' ').append(lm.y(k));
                }
                List<String> row = new ArrayList<>(java.util.Collections.nCopies(AlignCsv.HEADER.size(), ""));
                row.set(0, rel);
                row.set(1, "1");
                row.set(2, "0");
                row.set(AlignCsv.HEADER.indexOf("landmarks68"), f.toString());
                row.set(AlignCsv.HEADER.indexOf("alignment"), "dlib-3point");
                lines.add(String.join(",", row));
            }
        }
        Files.writeString(aligned.resolve("align.csv"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.writeString(aligned.resolve("report.json"), "{\"input\": \"" + originals.toAbsolutePath()
                .toString().replace("\\", "\\\\") + "\"}\n", StandardCharsets.UTF_8);
        return new SyntheticFaces(originals, aligned);
    }

    /** 68 points on an ellipse-ish face in the middle of a 128x128 image, slightly moved per image. */
    private static FaceLandmarks landmarks(Random r) {
        int[] x = new int[68];
        int[] y = new int[68];
        int dx = r.nextInt(5) - 2;
        int dy = r.nextInt(5) - 2;
        for (int k = 0; k < 68; k++) {
            double a = 2 * Math.PI * k / 68;
            x[k] = (int) Math.round(64 + 30 * Math.cos(a)) + dx;
            y[k] = (int) Math.round(64 + 36 * Math.sin(a)) + dy;
        }
        // OpenFace's three: outer eye corners 36 and 45, nose tip 33.
        x[36] = 44 + dx; y[36] = 52 + dy;
        x[45] = 84 + dx; y[45] = 52 + dy;
        x[33] = 64 + dx; y[33] = 76 + dy;
        // inner eyes 39, 42 and bottom lip 57 for the stub teacher's template
        x[39] = 56 + dx; y[39] = 53 + dy;
        x[42] = 72 + dx; y[42] = 53 + dy;
        x[57] = 64 + dx; y[57] = 92 + dy;
        return new FaceLandmarks(x, y);
    }
}
