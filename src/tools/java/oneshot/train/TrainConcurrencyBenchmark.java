package oneshot.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import oneshot.data.IdentityFolder;
import oneshot.embed.EmbedBenchmark;
import oneshot.embed.FaceTensor;
import oneshot.embed.FrozenPrefix;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;

/**
 * Whether a training run on 2 cores gains from Torch's second intra-op thread, the question behind
 * {@code Train --concurrent-runs}: one run on Torch's 2 threads, the same features stored channels-last, and one run
 * on one Torch thread (its own Java thread) with the other core idle, in alternating rounds. Same suffix layers, cached
 * prefix features of real aligned faces, batch-hard triplet steps with Adam; images/s as a table with the 2048x2048
 * matmul of the same run. Two runs at once cannot be measured in one JVM (DJL allows one gradient collector per
 * process); the main job measures them as two processes (docs/training.md, ninth round).
 *
 * <p>Usage: {@code TrainConcurrencyBenchmark [aligned-folder] [steps] [P] [K]} (defaults data/aligned/lfw 8 16 8).
 */
public final class TrainConcurrencyBenchmark {
    private TrainConcurrencyBenchmark() {}

    /** One model with its trainer and the batch it trains on. */
    private record Run(FaceModel model, Model suffix, Trainer trainer, SplitNetwork net) implements AutoCloseable {
        @Override
        public void close() {
            trainer.close();
            suffix.close();
            model.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "data/aligned/lfw");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int p = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        IdentityFolder data = IdentityFolder.scan(folder);
        List<Integer> rows = new ArrayList<>();
        List<Integer> lab = new ArrayList<>();
        int[] count = new int[data.identities().size()];
        for (int i = 0; i < data.size(); i++) {
            count[data.label(i)]++;
        }
        for (int id = 0, taken = 0; id < count.length && taken < p; id++) {
            if (count[id] < k) {
                continue;
            }
            for (int i = 0, got = 0; i < data.size() && got < k; i++) {
                if (data.label(i) == id) {
                    rows.add(i);
                    lab.add(taken);
                    got++;
                }
            }
            taken++;
        }
        int n = rows.size();
        int[] labels = lab.stream().mapToInt(Integer::intValue).toArray();
        float[] chw = new float[n * FaceTensor.VALUES];
        for (int i = 0; i < n; i++) {
            FaceInput.load(data.image(rows.get(i)), chw, i * FaceTensor.VALUES);
        }
        try (Run a = open()) {
            JniUtils.setNumThreads(Runtime.getRuntime().availableProcessors());
            float[] features;
            try (FaceModel copy = a.model.inferenceCopy()) {
                features = new FrozenPrefix(copy, a.net.cut()).outputs(chw, n);
            }
            double matmul = EmbedBenchmark.matmulGflops(3);
            long[] row = a.net.rowShape();
            Shape shape = new Shape(n, row[0], row[1], row[2]);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            // warm-up of both runs on their own threads, one Torch thread each, then on this thread with all cores
            timed(pool, List.of(steps(a, features, shape, labels, 2, 1)));
            steps(a, features, shape, labels, 2, 0).call();
            int rounds = 8;
            double[] one = new double[rounds];
            double[] single = new double[rounds];
            double[] last = new double[rounds];
            float[] hwc = toHwc(features, n, (int) row[0], (int) (row[1] * row[2]));
            channelsLastSteps(a, hwc, shape, labels, 2).call();
            for (int r = 0; r < rounds; r++) { // alternating, so a slow spell of the machine hits all three
                long t0 = System.nanoTime();
                steps(a, features, shape, labels, steps, 0).call();
                one[r] = (double) n * steps / ((System.nanoTime() - t0) / 1e9);
                long c0 = System.nanoTime();
                channelsLastSteps(a, hwc, shape, labels, steps).call();
                last[r] = (double) n * steps / ((System.nanoTime() - c0) / 1e9);
                single[r] = (double) n * steps / timed(pool, List.of(steps(a, features, shape, labels, steps, 1)));
            }
            pool.shutdown();
            System.out.printf(Locale.ROOT, "Training steps of nn4.small2's suffix after %s (batch-hard triplets, Adam), batch %d"
                            + " (P=%d x K=%d), %d timed steps per run, 8 rounds (alternating); %d cores, load average %.2f;"
                            + " 2048x2048 float32 matmul %.1f GFLOP/s%n", a.net.cachedStage(), n, p, k, steps,
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), matmul);
            System.out.println("| how | images/s, median of rounds | min-max |");
            System.out.println("|---|---|---|");
            row("one run, Torch's 2 intra-op threads, features N,C,H,W (Train until now)", one);
            row("one run, Torch's 2 threads, features stored channels-last (N,H,W,C)", last);
            row("one run, one Torch thread, the other core idle", single);
            System.out.printf(Locale.ROOT, "ratio channels-last / N,C,H,W: %.2fx; one thread / two: %.2fx (two runs at"
                    + " once in one JVM are not possible: DJL allows one gradient collector per process)%n",
                    median(last) / median(one), median(single) / median(one));
        }
    }

    private static Run open() throws java.io.IOException {
        FaceModel model = ModelStore.load(ModelStore.defaultDir(), "nn4.small2.v1-partial", null);
        model.net().block().initialize(model.model().getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                oneshot.net.Nn4Small2.INPUT_SHAPE);
        LayerSelection layers = LayerSelection.apply(model.net(),
                LayerSelection.patternForTensors(model.manifest().untrainedTensors));
        SplitNetwork net = new SplitNetwork(model.net(), layers.firstTrainedStage());
        Model suffix = Model.newInstance("bench", Device.cpu(), "PyTorch");
        suffix.setBlock(net.suffix());
        Trainer trainer = suffix.newTrainer(new DefaultTrainingConfig(new UnusedDjlLoss()).optOptimizer(
                Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build()));
        long[] row = net.rowShape();
        trainer.initialize(new Shape(1, row[0], row[1], row[2]));
        return new Run(model, suffix, trainer, net);
    }

    /** {@code steps} training steps of {@code run}; {@code torchThreads} > 0 sets this thread's Torch count first. */
    private static Callable<Void> steps(Run run, float[] features, Shape shape, int[] labels, int steps,
                                        int torchThreads) {
        return () -> {
            if (torchThreads > 0) {
                JniUtils.getNumThreads();
                JniUtils.setNumThreads(torchThreads);
            }
            TripletStep step = new TripletStep(new BatchHardMiner(), new TripletLoss());
            try (NDManager m = NDManager.newBaseManager()) {
                for (int i = 0; i < steps; i++) {
                    try (NDManager s = m.newSubManager()) {
                        step.run(run.trainer, new NDList(s.create(features, shape)), labels);
                    }
                }
            }
            return null;
        };
    }

    private static double median(double[] v) {
        return EmbedBenchmark.percentile(v, 50);
    }

    private static void row(String how, double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f-%.1f |%n", how, median(v), s[0], s[s.length - 1]);
    }

    /** n rows of C planes of {@code plane} values, interleaved per position (H,W,C). */
    private static float[] toHwc(float[] chw, int n, int c, int plane) {
        float[] out = new float[chw.length];
        for (int i = 0; i < n; i++) {
            int base = i * c * plane;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    out[base + p * c + ch] = chw[base + ch * plane + p];
                }
            }
        }
        return out;
    }

    /** As {@link #steps} on this thread's Torch threads, the batch an N,C,H,W view of N,H,W,C memory. */
    private static Callable<Void> channelsLastSteps(Run run, float[] hwc, Shape shape, int[] labels, int steps) {
        return () -> {
            TripletStep step = new TripletStep(new BatchHardMiner(), new TripletLoss());
            Shape nhwc = new Shape(shape.get(0), shape.get(2), shape.get(3), shape.get(1));
            try (NDManager m = NDManager.newBaseManager()) {
                for (int i = 0; i < steps; i++) {
                    try (NDManager s = m.newSubManager()) {
                        step.run(run.trainer, new NDList(s.create(hwc, nhwc).transpose(0, 3, 1, 2)), labels);
                    }
                }
            }
            return null;
        };
    }

    /** Runs the tasks at once on {@code pool}, returns the wall seconds until the last ends. */
    private static double timed(ExecutorService pool, List<Callable<Void>> tasks) throws Exception {
        long t0 = System.nanoTime();
        List<Future<Void>> fs = new ArrayList<>();
        for (Callable<Void> t : tasks) {
            fs.add(pool.submit(t));
        }
        for (Future<Void> f : fs) {
            f.get();
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
