package oneshot.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.SharedData;
import oneshot.data.IdentityFolder;
import oneshot.embed.FaceTensor;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;
import oneshot.net.Nn4Small2;

/**
 * Training throughput with and without the frozen-prefix cache, as a table. Same model, same batches, same layers
 * trained; "cached" reads the prefix output from a float16 {@link FeatureCache}, "uncached" decodes the images and
 * runs the frozen prefix every step.
 *
 * <p>Usage: {@code TrainBenchmark [model-name-in-weights/] [steps] [P] [K] [layer-regex]} (defaults
 * nn4.small2.v1-partial 5 8 8, and the model's untrained layers, else {@code inception_5.*|dense}). Also prints how far
 * the float16 cache moves embeddings from the float32 whole network.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

    /** How far float16 caching moves embeddings and squared distances from the float32 whole-network result. */
    private static void float16Effect(SplitNetwork net, FeatureCache cache, NDArray images, int n) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(m, false);
            long[] row = net.rowShape();
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            float[] exact = net.suffix().forward(ps, new NDList(net.prefixOutput(m, images)), false)
                    .singletonOrThrow().toFloatArray();
            float[] viaCache = net.suffix().forward(ps, new NDList(m.create(cache.read(all),
                    new Shape(n, row[0], row[1], row[2]))), false).singletonOrThrow().toFloatArray();
            double maxEmb = 0;
            for (int i = 0; i < exact.length; i++) {
                maxEmb = Math.max(maxEmb, Math.abs(exact[i] - viaCache[i]));
            }
            int d = exact.length / n;
            double maxDist = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    maxDist = Math.max(maxDist, Math.abs(sq(exact, i, j, d) - sq(viaCache, i, j, d)));
                }
            }
            System.out.printf("float16 cache vs float32 whole network, %d images: max |embedding diff| %.2e,"
                    + " max |squared-distance diff| %.2e%n", n, maxEmb, maxDist);
        }
    }

    private static double sq(float[] e, int i, int j, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = e[i * d + k] - e[j * d + k];
            s += t * t;
        }
        return s;
    }

    public static void main(String[] args) throws Exception {
        String modelName = args.length > 0 ? args[0] : "nn4.small2.v1-partial";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int p = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        IdentityFolder lfw = IdentityFolder.scan(SharedData.lfw());
        List<Integer> rows = new ArrayList<>();
        int[] labels;
        {
            int[] count = new int[lfw.identities().size()];
            for (int i = 0; i < lfw.size(); i++) {
                count[lfw.label(i)]++;
            }
            int taken = 0;
            List<Integer> lab = new ArrayList<>();
            for (int id = 0; id < count.length && taken < p; id++) {
                if (count[id] >= k) {
                    int got = 0;
                    for (int i = 0; i < lfw.size() && got < k; i++) {
                        if (lfw.label(i) == id) {
                            rows.add(i);
                            lab.add(taken);
                            got++;
                        }
                    }
                    taken++;
                }
            }
            labels = lab.stream().mapToInt(Integer::intValue).toArray();
        }
        int n = rows.size();
        try (FaceModel model = ModelStore.load(ModelStore.defaultDir(), modelName, null)) {
            model.net().block().initialize(model.model().getNDManager(), DataType.FLOAT32, Nn4Small2.INPUT_SHAPE);
            String pattern = args.length > 4 ? args[4]
                    : model.manifest().untrainedTensors.isEmpty() ? "inception_5.*|dense"
                    : LayerSelection.patternForTensors(model.manifest().untrainedTensors);
            LayerSelection layers = LayerSelection.apply(model.net(), pattern);
            SplitNetwork net = new SplitNetwork(model.net(), layers.firstTrainedStage());
            Path tmp = Files.createTempDirectory("train-bench");
            long t0 = System.nanoTime();
            float[] input = new float[n * FaceTensor.VALUES];
            try (FeatureCache cache = FeatureCache.open(tmp, "bench", n, net.rowShape(), "benchmark");
                 NDManager m = NDManager.newBaseManager();
                 Model suffixModel = Model.newInstance("bench", Device.cpu(), "PyTorch")) {
                for (int i = 0; i < n; i++) {
                    FaceInput.load(lfw.image(rows.get(i)), input, i * FaceTensor.VALUES);
                }
                NDArray x = m.create(input, new Shape(n, 3, 96, 96));
                cache.append(net.prefixOutput(m, x).toFloatArray(), n);
                double buildSeconds = (System.nanoTime() - t0) / 1e9;
                float16Effect(net, cache, x, n);
                suffixModel.setBlock(net.suffix());
                DefaultTrainingConfig tc = new DefaultTrainingConfig(new UnusedDjlLoss()).optOptimizer(
                        Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
                try (Trainer trainer = suffixModel.newTrainer(tc)) {
                    long[] row = net.rowShape();
                    trainer.initialize(new Shape(1, row[0], row[1], row[2]));
                    TripletStep step = new TripletStep(new BatchHardMiner(), new TripletLoss());
                    int[] all = rows.stream().mapToInt(Integer::intValue).toArray();
                    int[] local = new int[n];
                    for (int i = 0; i < n; i++) {
                        local[i] = i;
                    }
                    // Warm-up: first calls allocate and pick kernels.
                    try (NDManager s = m.newSubManager()) {
                        step.run(trainer, new NDList(s.create(cache.read(local), new Shape(n, row[0], row[1], row[2]))),
                                labels);
                    }
                    long c0 = System.nanoTime();
                    for (int it = 0; it < steps; it++) {
                        try (NDManager s = m.newSubManager()) {
                            NDArray f = s.create(cache.read(local), new Shape(n, row[0], row[1], row[2]));
                            step.run(trainer, new NDList(f), labels);
                        }
                    }
                    double cached = (System.nanoTime() - c0) / 1e9;
                    long u0 = System.nanoTime();
                    for (int it = 0; it < steps; it++) {
                        try (NDManager s = m.newSubManager()) {
                            for (int i = 0; i < n; i++) {
                                FaceInput.load(lfw.image(all[i]), input, i * FaceTensor.VALUES);
                            }
                            NDArray img = s.create(input, new Shape(n, 3, 96, 96));
                            step.run(trainer, new NDList(net.prefixOutput(s, img)), labels);
                        }
                    }
                    double uncached = (System.nanoTime() - u0) / 1e9;
                    System.out.printf("Training throughput, model %s, layers %s, batch %d (P=%d x K=%d), %d timed steps,"
                                    + " load average %.1f, %d cores%n", modelName, layers.trained(), n, p, k, steps,
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                            Runtime.getRuntime().availableProcessors());
                    System.out.printf("| mode | images/s | s/step |%n|---|---|---|%n");
                    System.out.printf("| cached %s output (float16) | %.1f | %.2f |%n", net.cachedStage(),
                            n * steps / cached, cached / steps);
                    System.out.printf("| uncached (decode + frozen prefix every step) | %.1f | %.2f |%n",
                            n * steps / uncached, uncached / steps);
                    System.out.printf("| one-off cache build (decode + prefix, once per image) | %.1f | |%n",
                            n / buildSeconds);
                }
            } finally {
                try (var s = Files.list(tmp)) {
                    for (Path f : s.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(tmp);
            }
        }
    }
}
