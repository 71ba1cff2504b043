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
 * <p>Usage: {@code TrainBenchmark [model-name-in-weights/] [steps] [P] [K]} (defaults nn4.small2.v1-partial 5 8 8).
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

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
            LayerSelection layers = LayerSelection.apply(model.net(),
                    model.manifest().untrainedTensors.isEmpty() ? "inception_5.*|dense"
                            : LayerSelection.patternForTensors(model.manifest().untrainedTensors));
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
