package oneshot.detect;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import oneshot.embed.ImageFiles;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * Measures {@link FaceRecheck} on image folders: every detection of every image (bounded detection copy, pad retry) with
 * its MTCNN score and its second O-Net score, so a threshold can be chosen that no real face falls below.
 *
 * <p>{@code java oneshot.detect.RecheckStudy OUT.csv THREADS DIR...}; writes one row per detection (or one per image
 * without a face) and prints, per threshold, how many detections and how many images' central faces it would drop.
 * {@code ... RecheckStudy --align-csv ALIGN.csv IMAGE_ROOT OUT.csv} rechecks the detections an Align run listed
 * ({@code all_faces}; its chosen face counts as the central one) instead of detecting again: one O-Net pass per face.
 */
public final class RecheckStudy {
    private static final double[] THRESHOLDS = {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    private RecheckStudy() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--align-csv")) {
            fromAlignCsv(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            return;
        }
        Path out = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        EngineThreads.defaultToOne();
        ImageDecoder decoder = new ImageDecoder();
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            files.addAll(ImageFiles.list(Path.of(args[i])));
        }
        long start = System.nanoTime();
        try (MtcnnDetector det = MtcnnDetector.load(); BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write("path,width,height,faces,index,central,score,recheck,left,top,w,h\n");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<String>> rows = new ArrayList<>();
            for (Path f : files) {
                rows.add(pool.submit(() -> rows(decoder.decode(f), f, det)));
            }
            int done = 0;
            for (Future<String> r : rows) {
                w.write(r.get());
                if (++done % 1000 == 0) {
                    System.err.printf("%d of %d images, %.0f s%n", done, files.size(), (System.nanoTime() - start) / 1e9);
                }
            }
            pool.shutdown();
        }
        System.err.printf("%d images in %.0f s; rows in %s%n", files.size(), (System.nanoTime() - start) / 1e9, out);
        summarise(out);
    }

    private static void fromAlignCsv(Path alignCsv, Path root, Path out) throws Exception {
        EngineThreads.defaultToOne();
        ImageDecoder decoder = new ImageDecoder();
        List<String> lines = Files.readAllLines(alignCsv);
        try (MtcnnDetector det = MtcnnDetector.load(); BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write("path,width,height,faces,index,central,score,recheck,left,top,w,h\n");
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                RgbImage img = decoder.decode(root.resolve(f[0]));
                if (f[15].isEmpty()) {
                    w.write(String.format(Locale.ROOT, "%s,%d,%d,0,-1,0,0,0,0,0,0,0%n", f[0], img.width(), img.height()));
                    continue;
                }
                List<DetectedFace> faces = new ArrayList<>();
                for (String box : f[15].split(";")) {
                    String[] v = box.trim().split(" ");
                    faces.add(new DetectedFace(Double.parseDouble(v[4]), Double.parseDouble(v[0]), Double.parseDouble(v[1]),
                            Double.parseDouble(v[2]), Double.parseDouble(v[3]), new double[10]));
                }
                float[] again = det.rescore(img, faces);
                int chosen = Integer.parseInt(f[2]);
                for (int i = 0; i < faces.size(); i++) {
                    DetectedFace d = faces.get(i);
                    w.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.4f,%.4f,%.1f,%.1f,%.1f,%.1f%n", f[0],
                            img.width(), img.height(), faces.size(), i, i == chosen ? 1 : 0, d.score(), again[i],
                            d.left(), d.top(), d.width(), d.height()));
                }
            }
        }
        summarise(out);
    }

    private static String rows(RgbImage img, Path f, MtcnnDetector det) {
        DetectionCopy copy = DetectionCopy.of(img, DetectionCopy.DEFAULT_MAX_SIDE);
        List<DetectedFace> faces = det.detectWithPadRetry(copy.image(), 0.25);
        float[] again = det.rescore(copy.image(), faces);
        StringBuilder sb = new StringBuilder();
        String name = f.toString().replace(',', '_');
        if (faces.isEmpty()) {
            return sb.append(String.format(Locale.ROOT, "%s,%d,%d,0,-1,0,0,0,0,0,0,0%n", name, img.width(), img.height()))
                    .toString();
        }
        int central = centralIndex(faces, copy.image());
        for (int i = 0; i < faces.size(); i++) {
            DetectedFace d = copy.toFull(faces.get(i));
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.4f,%.4f,%.1f,%.1f,%.1f,%.1f%n", name, img.width(),
                    img.height(), faces.size(), i, i == central ? 1 : 0, d.score(), again[i], d.left(), d.top(),
                    d.width(), d.height()));
        }
        return sb.toString();
    }

    private static int centralIndex(List<DetectedFace> faces, RgbImage img) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < faces.size(); i++) {
            DetectedFace f = faces.get(i);
            double cx = (f.left() + f.right()) / 2 - (img.width() - 1) / 2.0;
            double cy = (f.top() + f.bottom()) / 2 - (img.height() - 1) / 2.0;
            if (cx * cx + cy * cy < bestD) {
                bestD = cx * cx + cy * cy;
                best = i;
            }
        }
        return best;
    }

    /** Per threshold: detections dropped, central faces dropped, images left without a face. */
    static void summarise(Path csv) throws Exception {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(","));
        }
        long images = rows.stream().map(r -> r[0]).distinct().count();
        long detections = rows.stream().filter(r -> !r[4].equals("-1")).count();
        System.out.printf("%d images, %d detections, %d images without a face%n", images, detections,
                rows.stream().filter(r -> r[4].equals("-1")).count());
        System.out.println("| recheck >= | detections dropped | central faces dropped | images left without a face |");
        System.out.println("|---|---|---|---|");
        for (double t : THRESHOLDS) {
            long dropped = 0, central = 0;
            java.util.Map<String, Integer> kept = new java.util.HashMap<>();
            for (String[] r : rows) {
                if (r[4].equals("-1")) {
                    continue;
                }
                boolean keep = Double.parseDouble(r[7]) >= t;
                kept.merge(r[0], keep ? 1 : 0, Integer::sum);
                if (!keep) {
                    dropped++;
                    if (r[5].equals("1")) {
                        central++;
                    }
                }
            }
            long empty = kept.values().stream().filter(v -> v == 0).count();
            System.out.printf(Locale.ROOT, "| %.2f | %d | %d | %d |%n", t, dropped, central, empty);
        }
    }
}
