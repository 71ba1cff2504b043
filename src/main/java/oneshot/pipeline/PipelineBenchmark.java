package oneshot.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import oneshot.SharedData;
import oneshot.detect.DetectedFace;
import oneshot.detect.EngineThreads;
import oneshot.embed.ImageFiles;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * Detection + landmarks + warp per LFW 250x250 image: per-stage median and p95 on one thread, then images/s with the
 * Align job's threading. Images are decoded beforehand (decode time is printed apart). Run:
 * {@code mvn -q exec:java -Dexec.mainClass=oneshot.pipeline.PipelineBenchmark -Dexec.args="200 2"} (images, threads).
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        EngineThreads.defaultToOne();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
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
        try (FacePipeline p = FacePipeline.load()) {
            for (int i = 0; i < Math.min(20, n); i++) {
                p.process(images.get(i));
            }
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            double[] cpu = new double[n];
            double[] det = new double[n];
            double[] align = new double[n];
            double[] total = new double[n];
            int faces = 0;
            for (int i = 0; i < n; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                List<DetectedFace> d = p.detector().detect(images.get(i));
                long t1 = System.nanoTime();
                for (DetectedFace f : d) {
                    p.align(images.get(i), f);
                }
                long t2 = System.nanoTime();
                det[i] = (t1 - t0) / 1e6;
                align[i] = (t2 - t1) / 1e6;
                total[i] = (t2 - t0) / 1e6;
                cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
                faces += d.size();
            }
            System.out.printf("%d LFW images (%d faces), alignment %s, 1 worker thread, PyTorch threads %s%n", n, faces,
                    p.alignment(), System.getProperty("ai.djl.pytorch.num_threads"));
            System.out.printf("%-28s %10s %10s%n", "stage", "median ms", "p95 ms");
            row("decode JPEG", decodeMs);
            row("MTCNN detection", det);
            row("landmarks + warp (all faces)", align);
            row("detection+landmarks+warp", total);
            row("  same, thread CPU time", cpu);
            double meanCpu = Arrays.stream(cpu).average().orElse(0);
            System.out.printf("mean CPU per image %.1f ms: %.1f images/s per free core (the machine's load average: %.1f)%n",
                    meanCpu, 1000 / meanCpu, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        FacePipeline.largest(p.process(images.get(i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            System.out.printf("throughput, %d worker threads: %.1f images/s (%d images in %.2f s)%n", threads, n / s, n, s);
        }
    }

    private static void row(String name, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%-28s %10.2f %10.2f%n", name, s[s.length / 2], s[(int) Math.ceil(0.95 * s.length) - 1]);
    }
}
