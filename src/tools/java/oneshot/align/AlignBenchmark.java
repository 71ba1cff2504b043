package oneshot.align;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import oneshot.SharedData;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * Times the alignment stages on the golden LFW sample (real dlib boxes, so no detector is involved): JPEG decode,
 * 68 landmarks, H + 96x96 warp (OpenFace) and dlib's 150x150 chip, one image at a time on one thread; then the dlib chip
 * of the same faces enlarged 4 times (a 1000x1000 image, face region 400-700 px), where dlib's pyramid_down runs first.
 * Prints median and p95 per stage.
 *
 * <p>Usage: {@code AlignBenchmark [passes [threads]]} (default 20 timed passes after 3 warm-up passes; the
 * throughput line uses {@code threads} workers, default the core count).
 */
public final class AlignBenchmark {
    private AlignBenchmark() {}

    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path golden = SharedData.require("golden/dlib-align/lfw");
        Path lfw = SharedData.require("data/lfw");
        long t0 = System.nanoTime();
        ShapePredictor predictor = ShapePredictorReader.readDefault();
        double loadMs = (System.nanoTime() - t0) / 1e6;

        List<Path> files = new ArrayList<>();
        List<FaceBox> boxes = new ArrayList<>();
        List<String> lines = Files.readAllLines(golden.resolve("align.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f[1].equals("0")) continue;
            files.add(lfw.resolve(f[0]));
            boxes.add(new FaceBox(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5])));
        }
        ImageDecoder decoder = new ImageDecoder();
        OpenFaceAligner aligner = new OpenFaceAligner(predictor);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int n = files.size();
        List<Double> decode = new ArrayList<>(), landmarks = new ArrayList<>(), warp = new ArrayList<>(), total = new ArrayList<>();
        List<Double> chip = new ArrayList<>();
        List<FaceLandmarks> found = new ArrayList<>();
        long checksum = 0;
        for (int pass = 0; pass < passes + 3; pass++) {
            for (int i = 0; i < n; i++) {
                long a = System.nanoTime();
                RgbImage img = decoder.decode(files.get(i));
                long b = System.nanoTime();
                FaceLandmarks lm = predictor.predict(img, boxes.get(i));
                long c = System.nanoTime();
                AlignedFace face = OpenFaceAligner.alignLandmarks(img, lm, OpenFaceTemplate.OUTER_EYES_AND_NOSE, 96);
                long d = System.nanoTime();
                AlignedFace dlibChip = DlibChip.descriptorChip(img, lm);
                long e = System.nanoTime();
                checksum += face.crop().rgb()[96 * 48 * 3 + 144] + dlibChip.crop().rgb()[150 * 75 * 3 + 225];
                if (pass == 0) found.add(lm);
                if (pass >= 3) {
                    decode.add((b - a) / 1e6);
                    landmarks.add((c - b) / 1e6);
                    warp.add((d - c) / 1e6);
                    total.add((d - b) / 1e6);
                    chip.add((e - d) / 1e6);
                }
            }
        }
        System.out.printf("Alignment benchmark: %d LFW 250x250 images x %d passes, 1 thread, %s%n", n, passes,
                System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.printf("model load (%s): %.0f ms, %d cascades, %d trees%n", ShapePredictorReader.defaultPath(), loadMs,
                predictor.numCascades(), predictor.numTrees());
        System.out.printf("%-32s %10s %10s %10s%n", "stage", "median ms", "p95 ms", "mean ms");
        row("decode JPEG", decode);
        row("68 landmarks", landmarks);
        row("H + warp 96x96", warp);
        row("landmarks + warp", total);
        row("dlib chip 150x150", chip);
        List<Double> bigChip = new ArrayList<>();
        int k = 4, minLevel = Integer.MAX_VALUE, maxLevel = 0;
        for (int i = 0; i < n; i++) {
            RgbImage big = enlarge(decoder.decode(files.get(i)), k);
            int[] x = found.get(i).x(), y = found.get(i).y();
            for (int j = 0; j < x.length; j++) {
                x[j] *= k;
                y[j] *= k;
            }
            FaceLandmarks lm = new FaceLandmarks(x, y);
            int level = DlibChip.pyramidLevels(DlibChipDetails.forFace(lm, 150, 0.25));
            minLevel = Math.min(minLevel, level);
            maxLevel = Math.max(maxLevel, level);
            for (int pass = 0; pass < Math.max(3, passes / 4) + 1; pass++) {
                long a = System.nanoTime();
                checksum += DlibChip.descriptorChip(big, lm).crop().rgb()[150 * 75 * 3 + 225];
                if (pass > 0) bigChip.add((System.nanoTime() - a) / 1e6);
            }
        }
        row(String.format("dlib chip, face x%d (%d-%d pyr.)", k, minLevel, maxLevel), bigChip);
        double med = percentile(total, 50);
        System.out.printf("=> %.0f faces/s per core for landmarks + warp (checksum %d)%n", 1000 / med, checksum);

        // throughput: decoded images, landmarks + warp on a shared aligner from several threads
        List<RgbImage> images = new ArrayList<>();
        for (Path f : files) images.add(decoder.decode(f));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            int jobs = n * passes;
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                int i = j % n;
                futures.add(pool.submit(() -> aligner.align(images.get(i), boxes.get(i))));
            }
            for (java.util.concurrent.Future<?> f : futures) f.get();
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf("throughput, %d threads, landmarks + warp: %.0f faces/s (%d faces in %.2f s)%n",
                    threads, jobs / s, jobs, s);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The image enlarged k times by pixel replication (the same pixels dlib's reference tool makes for its fixtures). */
    static RgbImage enlarge(RgbImage img, int k) {
        int w = img.width() * k, h = img.height() * k;
        byte[] out = new byte[w * h * 3];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                System.arraycopy(img.rgb(), ((r / k) * img.width() + c / k) * 3, out, (r * w + c) * 3, 3);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static void row(String name, List<Double> ms) {
        double mean = ms.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        System.out.printf("%-32s %10.3f %10.3f %10.3f%n", name, percentile(ms, 50), percentile(ms, 95), mean);
    }

    static double percentile(List<Double> values, double p) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int i = (int) Math.ceil(p / 100 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }
}
