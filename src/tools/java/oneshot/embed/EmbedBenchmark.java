package oneshot.embed;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.net.ModelManifest;
import oneshot.net.Nn4Small2;
import oneshot.net.dlib.FaceRecognitionNet;
import ai.djl.ndarray.types.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Prints images/s per batch size, single-image latency, achieved GFLOP/s beside a 2048x2048 float32 matmul through the
 * same engine, and peak RSS. Speed does not depend on weight values, so a freshly initialised network is measured.
 *
 * <p>{@code mvn -q exec:java -Dexec.mainClass=oneshot.embed.EmbedBenchmark -Dexec.args="--seconds 5"}; add
 * {@code --model dlib-resnet34} for dlib's ResNet (150x150 chips). CPU time per face is the process's CPU time over the
 * faces embedded: on a shared machine it separates what the network costs from what the other processes take.
 */
public final class EmbedBenchmark {
    private EmbedBenchmark() {}

    public static void main(String[] args) throws IOException {
        oneshot.net.EngineDefaults.apply();
        double seconds = 4;
        int[] batches = {1, 8, 32, 64};
        long soak = 0;
        boolean fold = true;
        boolean torchThreads = false;
        String arch = Nn4Small2.ARCHITECTURE;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--model")) {
                arch = args[++i];
            } else if (args[i].equals("--torch-threads")) {
                torchThreads = true;
            } else if (args[i].equals("--soak")) {
                soak = Long.parseLong(args[++i]);
            } else if (args[i].equals("--no-fold")) {
                fold = false;
            } else if (args[i].equals("--seconds")) {
                seconds = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--batches")) {
                batches = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
            }
        }
        if (soak > 0) {
            soak(soak, fold, arch);
            return;
        }
        System.out.printf("engine %s %s, intra-op threads %s, cores %d%n", Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(), System.getProperty("ai.djl.pytorch.num_threads", "default"),
                Runtime.getRuntime().availableProcessors());
        double matmul = matmulGflops(seconds);
        System.out.printf("2048x2048 float32 matmul: %.1f GFLOP/s%n%n", matmul);
        try (FaceModel m = initialized(arch)) {
            double flopsPerImage = 2.0 * multiplyAdds(m);
            System.out.printf("model %s, input %dx%d, %.4f GFLOP per face (2 x %,d multiply-adds)%n", arch, m.inputSize(),
                    m.inputSize(), flopsPerImage / 1e9, multiplyAdds(m));
            if (fold) {
                m.forInference();
            }
            System.out.println("inference mode (BatchNorm / scale layers folded, channels-last): " + fold + "; " + (torchThreads
                    ? "each batch on Torch's intra-op threads"
                    : "batches in chunks of <= " + FaceEmbedder.MAX_CHUNK + " on " + InferenceWorkers.count()
                            + " single-threaded workers"));
            System.out.println("| batch | images/s | ms/batch (median) | ms/batch (p95) | CPU ms/image | GFLOP/s | % of matmul |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            for (int b : batches) {
                FaceEmbedder e = new FaceEmbedder(m, b, torchThreads);
                float[] x = randomInput(b, m.inputSize());
                long cpu0 = processCpuNanos();
                double[] ms = time(e, x, b, seconds);
                double cpuPerImage = (processCpuNanos() - cpu0) / 1e6 / ((ms.length + 3) * (double) b);
                double median = percentile(ms, 50);
                double ips = b * 1000.0 / median;
                double gflops = ips * flopsPerImage / 1e9;
                System.out.printf("| %d | %.1f | %.2f | %.2f | %.2f | %.1f | %.1f %% |%n", b, ips, median, percentile(ms, 95),
                        cpuPerImage, gflops, 100 * gflops / matmul);
            }
        }
        System.out.printf("%npeak RSS: %s%n", peakRss());
    }

    /** Embeds {@code images} random faces at batch 64 and prints RSS as it goes: native memory must stay flat. */
    static void soak(long images, boolean fold, String arch) throws IOException {
        try (FaceModel m = initialized(arch)) {
            if (fold) {
                m.forInference();
            }
            FaceEmbedder e = new FaceEmbedder(m, 64);
            float[] x = randomInput(64, m.inputSize());
            System.out.println("| images | RSS (kB) | Java heap committed (kB) | direct buffers (kB) | images/s so far |");
            System.out.println("|---:|---:|---:|---:|---:|");
            long t0 = System.nanoTime();
            long step = Math.max(64, images / 10 / 64 * 64);
            for (long done = 0; done < images; done += 64) {
                e.embedTensors(x, 64);
                if ((done + 64) % step == 0 || done + 64 >= images) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("| %d | %s | %d | %d | %.1f |%n", done + 64, currentRss(),
                            Runtime.getRuntime().totalMemory() / 1024, directBufferKb(), (done + 64) / s);
                }
            }
            System.out.printf("peak RSS: %s%n", peakRss());
        }
    }

    static long directBufferKb() {
        return java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed)
                .sum() / 1024;
    }

    public static String currentRss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .map(l -> l.replace("VmRSS:", "").replace("kB", "").trim()).findFirst().orElse("n/a");
    }

    /** A freshly initialised network of the named architecture (speed does not depend on weight values). */
    static FaceModel initialized(String arch) {
        if (arch.equals(Nn4Small2.ARCHITECTURE)) {
            return FaceModel.createInitialized(LrnMode.TORCH);
        }
        if (!arch.equals(FaceRecognitionNet.ARCHITECTURE)) {
            throw new IllegalArgumentException("--model must be " + Nn4Small2.ARCHITECTURE + " or "
                    + FaceRecognitionNet.ARCHITECTURE + ", got '" + arch + "'");
        }
        FaceRecognitionNet net = new FaceRecognitionNet();
        ModelManifest mf = new ModelManifest();
        mf.architecture = net.architecture();
        mf.inputSize = net.inputSize();
        mf.normaliseOutput = true;
        FaceModel m = FaceModel.of(net, mf);
        net.block().initialize(m.model().getNDManager(), DataType.FLOAT32, net.inputShape());
        return m;
    }

    static long multiplyAdds(FaceModel m) {
        return m.network() instanceof FaceRecognitionNet d ? d.multiplyAdds() : Nn4Small2.MULTIPLY_ADDS;
    }

    /** CPU time of the whole process (all threads), nanoseconds. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static float[] randomInput(int n) {
        return randomInput(n, FaceTensor.SIZE);
    }

    static float[] randomInput(int n, int size) {
        Random r = new Random(1);
        float[] x = new float[n * FaceTensor.values(size)];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    /** Per-batch wall times in ms, after a warm-up. */
    static double[] time(FaceEmbedder e, float[] x, int n, double seconds) {
        for (int i = 0; i < 3; i++) {
            e.embedTensors(x, n);
        }
        double[] ms = new double[100_000];
        int count = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while ((System.nanoTime() < end || count < 5) && count < ms.length) {
            long t0 = System.nanoTime();
            e.embedTensors(x, n);
            ms[count++] = (System.nanoTime() - t0) / 1e6;
        }
        return Arrays.copyOf(ms, count);
    }

    /** The machine's load average line ({@code /proc/loadavg}): printed beside every figure of a shared machine. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    public static double matmulGflops(double seconds) {
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray a = mgr.randomUniform(0, 1, new Shape(2048, 2048));
            NDArray b = mgr.randomUniform(0, 1, new Shape(2048, 2048));
            a.matMul(b).close();
            int runs = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9 / 2);
            while (System.nanoTime() < end || runs < 3) {
                a.matMul(b).close();
                runs++;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            return runs * 2.0 * 2048 * 2048 * 2048 / s / 1e9;
        }
    }

    public static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    public static String peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM")).map(l -> l.replace("VmHWM:", "").trim())
                .findFirst().orElse("n/a");
    }
}
