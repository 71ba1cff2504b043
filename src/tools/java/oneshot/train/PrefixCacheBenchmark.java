package oneshot.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import oneshot.data.IdentityFolder;
import oneshot.embed.EmbedBenchmark;
import oneshot.embed.FaceTensor;
import oneshot.embed.FrozenPrefix;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;
import oneshot.net.Nn4Small2;

/**
 * The prefix cache's two ways to run nn4.small2's frozen layers, on the same aligned faces in alternating rounds, as a
 * table: the training model's own layers on Torch's intra-op threads (how the cache was built before) and
 * {@link FrozenPrefix} (a batch-norm-folded, channels-last inference copy on the single-threaded inference workers,
 * how it is built now). Ratios are only compared within one run; the 2048x2048 matmul is printed beside them.
 *
 * <p>Usage: {@code PrefixCacheBenchmark [aligned-folder] [images] [rounds]} (defaults data/aligned/lfw 512 3).
 */
public final class PrefixCacheBenchmark {
    private static final int CHUNK = 64;
    private static final int CUT = Nn4Small2.STAGES.indexOf("inception_3b") + 1;

    private PrefixCacheBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "data/aligned/lfw");
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        IdentityFolder data = IdentityFolder.scan(folder);
        images = Math.min(images, data.size());
        float[] chw = new float[images * FaceTensor.VALUES];
        for (int i = 0; i < images; i++) {
            FaceInput.load(data.image(i), chw, i * FaceTensor.VALUES);
        }
        try (FaceModel model = ModelStore.load(ModelStore.defaultDir(), "nn4.small2.v1-partial", null);
             FaceModel copy = model.inferenceCopy()) {
            // what Train gives the training loop (EngineThreads.allCoresAgain)
            JniUtils.setNumThreads(Runtime.getRuntime().availableProcessors());
            SplitNetwork split = new SplitNetwork(model.net(), CUT);
            FrozenPrefix fast = new FrozenPrefix(copy, CUT);
            double matmul = EmbedBenchmark.matmulGflops(3);
            double[] slowRate = new double[rounds];
            double[] fastRate = new double[rounds];
            float maxDiff = 0;
            for (int r = -1; r < rounds; r++) { // round -1 warms both up
                long t0 = System.nanoTime();
                float[] a = new float[0];
                for (int from = 0; from < images; from += CHUNK) {
                    int n = Math.min(CHUNK, images - from);
                    try (NDManager m = NDManager.newBaseManager()) {
                        a = split.prefixOutput(m, m.create(Arrays.copyOfRange(chw, from * FaceTensor.VALUES,
                                (from + n) * FaceTensor.VALUES), new Shape(n, 3, 96, 96))).toFloatArray();
                    }
                }
                long t1 = System.nanoTime();
                float[] b = new float[0];
                for (int from = 0; from < images; from += CHUNK) {
                    int n = Math.min(CHUNK, images - from);
                    b = fast.outputs(Arrays.copyOfRange(chw, from * FaceTensor.VALUES, (from + n) * FaceTensor.VALUES), n);
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < a.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
                }
                if (r >= 0) {
                    slowRate[r] = images / ((t1 - t0) / 1e9);
                    fastRate[r] = images / ((t2 - t1) / 1e9);
                }
            }
            System.out.printf(Locale.ROOT, "nn4.small2 frozen prefix up to inception_3b, %d aligned faces from %s, chunks of %d,"
                            + " %d rounds; %d cores, load average %.2f; 2048x2048 float32 matmul %.1f GFLOP/s%n", images,
                    folder, CHUNK, rounds, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), matmul);
            System.out.println("| path | img/s (median of rounds) | rounds |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| training layers, Torch's %d intra-op threads (before) | %.1f | %s |%n",
                    Runtime.getRuntime().availableProcessors(), median(slowRate), fmt(slowRate));
            System.out.printf(Locale.ROOT, "| FrozenPrefix: folded inference copy on the inference workers (now) | %.1f | %s |%n",
                    median(fastRate), fmt(fastRate));
            System.out.printf(Locale.ROOT, "ratio now / before: %.2fx; largest difference of the outputs %.2e%n",
                    median(fastRate) / median(slowRate), maxDiff);
        }
    }

    private static double median(double[] v) {
        return EmbedBenchmark.percentile(v, 50);
    }

    private static String fmt(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double d : v) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", d));
        }
        return s.toString();
    }
}
