package oneshot.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import oneshot.SharedData;
import oneshot.detect.DetectedFace;
import oneshot.detect.EngineThreads;
import oneshot.embed.EmbedBenchmark;
import oneshot.embed.FaceEmbedder;
import oneshot.embed.ImageFiles;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;

/**
 * Detection + landmarks + warp per LFW 250x250 image: per-stage median and p95 on one thread, then images/s with the
 * Align job's threading. Images are decoded beforehand (decode time is printed apart). Run:
 * {@code mvn -q exec:java -Dexec.mainClass=oneshot.pipeline.PipelineBenchmark -Dexec.args="200 2"} (images, threads).
 *
 * <p>With {@code --model NAME[,NAME...]} (names or params files as Embed's {@code --model}) it times the whole path per
 * image for each model, with the crops the model decides (its alignment): decode, detection, landmarks + crop, embedding
 * of all the image's faces, and images/s through {@link PipelineFaceEncoder} (the gallery commands' path), beside the
 * machine's 2048 matmul. Example: {@code -Dexec.args="200 2 --model nn4.small2.oneshot,dlib-resnet34"}.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        EngineThreads.defaultToOne();
        List<String> positional = new ArrayList<>();
        List<String> models = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--model")) {
                if (i + 1 == args.length) {
                    usage("--model needs a model name or a comma-separated list");
                }
                models.addAll(Arrays.asList(args[++i].split(",")));
            } else {
                positional.add(args[i]);
            }
        }
        int n = positional.size() > 0 ? positiveInt(positional.get(0), "images") : 200;
        int threads = positional.size() > 1 ? positiveInt(positional.get(1), "threads") : 2;
        List<Path> all = ImageFiles.list(SharedData.require("data/lfw"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(all.get((int) ((long) i * all.size() / n)));
        }
        ImageDecoder decoder = new ImageDecoder();
        double[] decodeMs = new double[n];
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            images.add(decoder.decode(files.get(i)));
            decodeMs[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (models.isEmpty()) {
            try (FacePipeline p = FacePipeline.load()) {
                stages(p, null, images, decodeMs, threads);
            }
            return;
        }
        System.out.printf(Locale.ROOT, "2048x2048 float32 matmul: %.1f GFLOP/s; load average %.2f; %d cores%n",
                EmbedBenchmark.matmulGflops(2), loadAverage(), Runtime.getRuntime().availableProcessors());
        for (String name : models) {
            FaceModel m = ModelStore.loadDefault(name).forInference();
            FacePipeline p;
            try {
                p = FacePipeline.load(AlignmentKind.fromLabel(m.alignment()));
            } catch (IOException | RuntimeException e) {
                m.close();
                throw e;
            }
            try (PipelineFaceEncoder encoder = new PipelineFaceEncoder(p, m)) { // closes p and m
                System.out.printf("%nmodel %s (%s)%n", name, m.modelId());
                stages(p, new FaceEmbedder(m, 16), images, decodeMs, threads);
                double s = throughput(images, threads, encoder::encode);
                System.out.printf(Locale.ROOT, "throughput, whole path through PipelineFaceEncoder (decoded images), %d worker"
                        + " threads: %.1f images/s (%d images in %.2f s; load average %.2f)%n", threads, n / s, n, s,
                        loadAverage());
            }
        }
    }

    /** Per-stage times on the calling thread, then the pipeline's images/s (embedder null: no embedding). */
    private static void stages(FacePipeline p, FaceEmbedder embedder, List<RgbImage> images, double[] decodeMs,
            int threads) throws Exception {
        int n = images.size();
        for (int i = 0; i < Math.min(20, n); i++) {
            List<PipelineFace> faces = p.process(images.get(i));
            if (embedder != null) {
                embedder.embed(crops(faces));
            }
        }
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] cpu = new double[n];
        double[] det = new double[n];
        double[] align = new double[n];
        double[] embed = new double[n];
        double[] total = new double[n];
        double[] whole = new double[n];
        int faces = 0;
        long process0 = EmbedBenchmark.processCpuNanos();
        for (int i = 0; i < n; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<DetectedFace> d = p.detector().detect(images.get(i));
            long t1 = System.nanoTime();
            List<PipelineFace> aligned = new ArrayList<>();
            for (DetectedFace f : d) {
                aligned.add(p.align(images.get(i), f));
            }
            long t2 = System.nanoTime();
            if (embedder != null && !aligned.isEmpty()) {
                embedder.embed(crops(aligned));
            }
            long t3 = System.nanoTime();
            det[i] = (t1 - t0) / 1e6;
            align[i] = (t2 - t1) / 1e6;
            embed[i] = (t3 - t2) / 1e6;
            total[i] = (t3 - t0) / 1e6;
            whole[i] = total[i] + decodeMs[i];
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            faces += d.size();
        }
        double processCpu = (EmbedBenchmark.processCpuNanos() - process0) / 1e6 / n;
        System.out.printf("%d LFW images (%d faces), alignment %s, 1 calling thread, PyTorch threads %s%s%n", n, faces,
                p.alignment(), System.getProperty("ai.djl.pytorch.num_threads"), embedder == null ? ""
                        : ", embedding on single-threaded inference workers: " + System.getProperty("oneshot.embed.workers", "one per core"));
        System.out.printf("%-34s %10s %10s%n", "stage", "median ms", "p95 ms");
        row("decode JPEG", decodeMs);
        row("MTCNN detection", det);
        row("landmarks + " + (embedder == null ? "warp" : "crop") + " (all faces)", align);
        if (embedder == null) {
            row("detection+landmarks+warp", total);
            row("  same, thread CPU time", cpu);
        } else {
            row("embedding (all faces, one call)", embed);
            row("detect+landmarks+crop+embed", total);
            row("  same, calling thread CPU time", cpu);
            row("whole image incl. decode", whole);
        }
        double meanCpu = Arrays.stream(cpu).average().orElse(0);
        // the process's CPU counts the inference workers too: the figure a busy machine disturbs least
        System.out.printf(Locale.ROOT, "mean CPU per image: calling thread %.1f ms, whole process %.1f ms (the machine's load"
                + " average: %.2f)%n", meanCpu, processCpu, loadAverage());
        if (embedder == null) {
            double s = throughput(images, threads, img -> FacePipeline.largest(p.process(img)));
            System.out.printf("throughput, %d worker threads: %.1f images/s (%d images in %.2f s)%n", threads, n / s, n, s);
        }
    }

    /** Seconds for {@code threads} threads to take every image through {@code work}. */
    private static double throughput(List<RgbImage> images, int threads, java.util.function.Consumer<RgbImage> work)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < images.size(); i = next.getAndIncrement()) {
                    work.accept(images.get(i));
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<RgbImage> crops(List<PipelineFace> faces) {
        List<RgbImage> out = new ArrayList<>();
        for (PipelineFace f : faces) {
            out.add(f.aligned());
        }
        return out;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int positiveInt(String s, String what) {
        try {
            int v = Integer.parseInt(s);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(what + " must be a whole number >= 1, got '" + s + "'");
        return 0;
    }

    private static void usage(String msg) {
        System.err.println(msg + "\nusage: PipelineBenchmark [IMAGES [THREADS]] [--model NAME[,NAME...]]");
        System.exit(2);
    }

    private static void row(String name, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-34s %10.2f %10.2f%n", name, s[s.length / 2], s[(int) Math.ceil(0.95 * s.length) - 1]);
    }
}
