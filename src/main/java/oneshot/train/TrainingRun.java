package oneshot.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oneshot.data.IdentityFolder;
import oneshot.data.IdentitySplit;
import oneshot.data.PkSampler;
import oneshot.detect.EngineThreads;
import oneshot.io.AtomicFiles;
import oneshot.net.FaceModel;
import oneshot.net.ModelManifest;
import oneshot.net.ModelStore;

/**
 * One triplet-training run: frozen prefix cached once per image, suffix trained on P x K batches, validation AUC and
 * TAR@FAR=1e-3 on held-out people after every epoch, early stopping, best model kept with its manifest, a checkpoint
 * after every epoch that a killed run resumes from.
 */
public final class TrainingRun {
    public static final double FAR = 1e-3;
    private static final String CHECKPOINT = "last";

    /** Teacher rows re-embedded and compared with the cache each time a run opens its teacher targets. */
    private static final int TARGET_CHECK_SAMPLES = 8;

    private final TrainConfig cfg;
    private final Teachers teachers;
    private String teacherId;
    private LearningRateSchedule schedule;
    private boolean cachesOnly;

    public TrainingRun(TrainConfig cfg) {
        this(cfg, Teachers.builtIn(cfg.weightsDir()));
    }

    /** @param teachers opens the teacher named in the guidance (tests pass their own) */
    public TrainingRun(TrainConfig cfg, Teachers teachers) {
        this.cfg = cfg;
        this.teachers = teachers;
    }

    private Path checkpointDir() { return cfg.runDir().resolve("checkpoint"); }

    private Path stateFile() { return cfg.runDir().resolve("state.json"); }

    /** True when this run's folder holds a finished run, which {@link #run} only reads back. */
    public boolean isFinished() throws IOException {
        if (!Files.isRegularFile(stateFile())) {
            return false;
        }
        TrainingState state = TrainingState.read(stateFile());
        return state.stopReason != null && stopsAt(state) != null;
    }

    /**
     * Why this call would stop the run before its next epoch, or null. A finished run whose reason no longer holds
     * (more epochs, a larger budget or patience, more learning-rate drops asked for) is extended from its last
     * checkpoint instead of read back.
     */
    private String stopsAt(TrainingState state) {
        if (state.lastEpoch + 1 > cfg.maxEpochs()) {
            return "reached max epochs (" + cfg.maxEpochs() + ")";
        }
        if (overBudget(state, 0)) {
            return "time budget of " + cfg.maxMinutes() + " min used";
        }
        if (cfg.maxSteps() > 0 && state.steps.size() >= cfg.maxSteps()) {
            return "step budget of " + cfg.maxSteps() + " steps used (" + state.steps.size() + " done)";
        }
        return earlyStop(state);
    }

    /** True when patience has run out: the run stops, or drops its learning rate if it still may. */
    private boolean plateau(TrainingState state) {
        return state.epochsWithoutImprovement >= cfg.patience();
    }

    /** The early-stopping reason once patience has run out with no learning-rate drop left, else null. */
    private String earlyStop(TrainingState state) {
        if (!plateau(state) || state.lrDrops < cfg.lrDrops()) {
            return null;
        }
        return "early stopping: no better validation AUC for " + cfg.patience() + " epochs"
                + (state.lrDrops > 0 ? " after " + state.lrDrops + " learning-rate drop(s)" : "");
    }

    /**
     * Builds (or completes) the prefix cache and the teacher targets this run reads, and trains nothing: runs started
     * afterwards, in other processes too, find them complete instead of writing the same files at once.
     */
    public void prepareCaches() throws IOException {
        cachesOnly = true;
        try {
            run();
        } finally {
            cachesOnly = false;
        }
    }

    /** Runs (or resumes) to completion and returns the final state. */
    public TrainingState run() throws IOException {
        // a multi-worker phase of this JVM (Align, the facade) may have left Torch on one thread; training runs here
        EngineThreads.allCoresAgain();
        IdentitySplit split = IdentitySplit.read(cfg.splitFile());
        cfg.newMiner(0); // an unknown miner name fails here, before any heavy work
        Guidance guidance = cfg.guidance();
        if (cfg.isOffline() && (guidance.usesTeacher() || guidance.singletonsPerBatch() > 0
                || cfg.augmentation().variants() > 0)) {
            throw new IllegalArgumentException("Offline mining (" + cfg.miner() + ") works on the plain images only:"
                    + " no teacher, one-image people or augmentation with it");
        }
        Files.createDirectories(cfg.runDir());
        boolean resume = Files.isRegularFile(stateFile()) && Files.isRegularFile(
                ModelStore.manifestFile(checkpointDir(), CHECKPOINT));
        TrainingState state = resume ? TrainingState.read(stateFile()) : new TrainingState();
        if (resume && state.stopReason != null) {
            // a finished run of another recipe must not stand in for this one (same --out, changed options)
            refuseOtherRun(state, split);
            if (stopsAt(state) != null) {
                Progress.say("Run %s already finished (%s); delete the folder to train again, or allow more epochs,"
                        + " steps, minutes, patience or --lr-drops to extend it", cfg.runDir(), state.stopReason);
                return state;
            }
            Progress.say("Extending %s: it stopped after epoch %s (%s), this call allows more", cfg.runDir(),
                    state.lastEpoch, state.stopReason);
            state.stopReason = null;
        }
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (FaceModel model = resume ? ModelStore.load(checkpointDir(), CHECKPOINT, null)
                : ModelStore.load(cfg.weightsDir(), cfg.inputModel(), null)) {
            // A loaded block knows its parameters but not its input names, and DJL's Model.save needs both; initialising
            // an already-filled block only records the input description (parameters that hold values are kept).
            model.net().block().initialize(model.model().getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                    oneshot.net.Nn4Small2.INPUT_SHAPE);
            String pattern = resume ? state.layerPattern : choosePattern(model.manifest());
            if (resume) {
                Progress.say("Resuming %s after epoch %s (best AUC %s at epoch %s)", cfg.runDir(), state.lastEpoch,
                        state.bestAuc, state.bestEpoch);
                refuseOtherRun(state, split);
            } else {
                state.splitName = split.name();
                state.layerPattern = pattern;
                state.miner = cfg.miner();
                state.seed = cfg.seed();
                state.recipe = recipe();
                state.optimiser = optimiser();
            }
            List<String> originalUntrained = new ArrayList<>(model.manifest().untrainedTensors);
            LayerSelection layers = LayerSelection.apply(model.net(), pattern);
            SplitNetwork net = new SplitNetwork(model.net(), layers.firstTrainedStage());
            Progress.say("Training %s layers %s ; frozen prefix up to %s cached as %s", layers.trained().size(),
                    layers.trained(), net.cachedStage(), java.util.Arrays.toString(net.rowShape()));

            IdentityFolder data = IdentityFolder.scan(cfg.dataRoot());
            int[] trainRows = rowsOf(data, split.train(), Integer.MAX_VALUE);
            int[] valRows = rowsOf(data, split.validation(), cfg.validationImagesPerIdentity());
            checkDisjoint(data, trainRows, valRows, split);
            String preprocessing = preprocessingOf(data);
            Progress.say("%s training images of %s people, %s validation images of %s people; input: %s", trainRows.length,
                    split.train().size(), valRows.length, split.validation().size(), preprocessing);

            boolean needSources = guidance.usesTeacher() || cfg.augmentation().variants() > 0;
            FaceVariants faces = new FaceVariants(data, needSources ? FaceSources.of(data, cfg.originals()) : null,
                    cfg.augmentation());
            if (cfg.augmentation().variants() > 0) {
                Progress.say("Augmentation: %s variants per image besides the original (%s)",
                        cfg.augmentation().variants(), cfg.augmentation().key());
            }
            try (FeatureCache cache = PrefixCacheBuilder.build(model, net, faces, cfg.cacheDir());
                 FeatureCache targets = guidance.usesTeacher() ? teacherTargets(state, faces) : null;
                 Model suffixModel = Model.newInstance("nn4-suffix", Device.cpu(), "PyTorch")) {
                if (cachesOnly) {
                    return state;
                }
                suffixModel.setBlock(net.suffix());
                schedule = new LearningRateSchedule(cfg.lrSchedule(), cfg.learningRate(),
                        plannedSteps(data, trainRows));
                DefaultTrainingConfig tc = new DefaultTrainingConfig(new UnusedDjlLoss()).optOptimizer(
                        Optimizer.adam().optLearningRateTracker(schedule).build());
                try (Trainer trainer = suffixModel.newTrainer(tc)) {
                    trainer.initialize(batchShape(1, net.rowShape()));
                    loop(state, model, trainer, net, cache, targets, faces, trainRows, valRows, layers,
                            originalUntrained, split, preprocessing);
                }
            }
        }
        return state;
    }

    /** Builds (or resumes) the teacher's targets for every row, checks a sample against the teacher, then lets it go. */
    private FeatureCache teacherTargets(TrainingState state, FaceVariants faces) throws IOException {
        try (Teacher teacher = teachers.open(cfg.guidance().teacher())) {
            FeatureCache targets = TeacherTargets.build(teacher, faces, cfg.cacheDir());
            try {
                TeacherTargets.check(targets, teacher, faces, TARGET_CHECK_SAMPLES, cfg.seed());
            } catch (RuntimeException | IOException e) {
                targets.close();
                throw e;
            }
            Progress.say("Teacher %s: %s targets, %s re-embedded rows match the cache", teacher.id(), targets.rows(),
                    TARGET_CHECK_SAMPLES);
            state.teacherId = teacher.id();
            teacherId = teacher.id();
            return targets;
        }
    }

    /** The steps the run would take without early stopping: epochs x batches per epoch, or the step budget. */
    private int plannedSteps(IdentityFolder data, int[] trainRows) {
        int[] labels = new int[trainRows.length];
        for (int i = 0; i < trainRows.length; i++) {
            labels[i] = data.label(trainRows[i]);
        }
        int perEpoch = new PkSampler(labels, cfg.identitiesPerBatch(), cfg.imagesPerIdentity(), cfg.seed())
                .batches(1).size();
        if (cfg.stepsPerEpoch() > 0) {
            perEpoch = Math.min(perEpoch, cfg.stepsPerEpoch());
        }
        long planned = (long) Math.max(1, perEpoch) * cfg.maxEpochs();
        if (cfg.maxSteps() > 0) {
            planned = Math.min(planned, cfg.maxSteps());
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, planned));
    }

    /**
     * A run folder started with other settings is never resumed or reused: its split, miner, recipe, trained layers,
     * seed and optimiser settings must be this call's (layers and optimiser only when recorded and asked for).
     */
    private void refuseOtherRun(TrainingState state, IdentitySplit split) {
        List<String> differences = new ArrayList<>();
        differ(differences, "split", state.splitName, split.name());
        differ(differences, "miner", state.miner, cfg.miner());
        differ(differences, "recipe", state.recipe == null ? recipeOfPlainRun() : state.recipe, recipe());
        if (cfg.layerPattern() != null) {
            // without an explicit pattern the run trains the input model's untrained layers, as it did then
            differ(differences, "layers", state.layerPattern, cfg.layerPattern());
        }
        differ(differences, "seed", String.valueOf(state.seed), String.valueOf(cfg.seed()));
        if (state.optimiser != null) {
            differ(differences, "optimiser", state.optimiser, optimiser());
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("Run folder " + cfg.runDir() + " was trained with other settings: "
                    + String.join("; ", differences) + ". Delete the folder to train it again with these settings,"
                    + " or give this run its own --out (one --split) or --run-dir.");
        }
    }

    private static void differ(List<String> differences, String what, String was, String asked) {
        if (!java.util.Objects.equals(was, asked)) {
            differences.add(what + " " + was + " there, " + asked + " asked for");
        }
    }

    /** The optimiser settings a resumed run must share (the epoch limit and budgets may change: they extend it). */
    private String optimiser() {
        return "Adam " + cfg.learningRate() + "; margin " + cfg.margin() + "; P x K " + cfg.identitiesPerBatch()
                + " x " + cfg.imagesPerIdentity() + "; steps per epoch " + cfg.stepsPerEpoch();
    }

    /** Guidance, augmentation and schedule: the run-defining settings recorded as one string since they existed. */
    private String recipe() {
        // a constant rate adds nothing, so runs from before the schedule existed still resume
        String lr = cfg.lrSchedule() == LearningRateSchedule.Shape.CONSTANT ? ""
                : "; lr " + cfg.lrSchedule().label();
        return cfg.guidance().describe() + "; augmentation " + cfg.augmentation().key() + lr;
    }

    private static String recipeOfPlainRun() {
        return Guidance.NONE.describe() + "; augmentation " + Augmentation.NONE.key();
    }

    private void loop(TrainingState state, FaceModel model, Trainer trainer, SplitNetwork net, FeatureCache cache,
                      FeatureCache targets, FaceVariants faces, int[] trainRows, int[] valRows, LayerSelection layers,
                      List<String> originalUntrained, IdentitySplit split, String preprocessing) throws IOException {
        IdentityFolder data = faces.data();
        int[] trainLabels = new int[trainRows.length];
        for (int i = 0; i < trainRows.length; i++) {
            trainLabels[i] = data.label(trainRows[i]);
        }
        PkSampler sampler = new PkSampler(trainLabels, cfg.identitiesPerBatch(), cfg.imagesPerIdentity(), cfg.seed());
        SingletonPicker singletons = new SingletonPicker(trainLabels, cfg.seed());
        if (cfg.guidance().singletonsPerBatch() > 0) {
            Progress.say("%s one-image people in the training set; %s join every batch", singletons.size(),
                    cfg.guidance().singletonsPerBatch());
        }
        TripletLoss loss = new TripletLoss(cfg.margin(), TripletLoss.Reduction.MEAN_ALL);
        Guidance g = cfg.guidance();
        DistanceDistillation distill = g.distillation() == null ? null : new DistanceDistillation(g.distillation());
        if (state.lastEpoch < 0) {
            long t0 = System.nanoTime();
            ValidationMetrics v = validate(trainer, net, cache, data, valRows);
            TrainingState.Epoch e0 = new TrainingState.Epoch();
            e0.epoch = 0;
            e0.meanLoss = Double.NaN;
            e0.meanActiveFraction = Double.NaN;
            e0.valAuc = v.auc();
            e0.valTarAtFar = v.tarAtFar();
            e0.valThreshold = v.threshold();
            e0.seconds = (System.nanoTime() - t0) / 1e9;
            state.epochs.add(e0);
            state.lastEpoch = 0;
            Progress.say("epoch 0 (starting model): validation AUC %s, TAR@FAR=1e-3 %s (%s genuine / %s impostor pairs)",
                    fmt(v.auc()), fmt(v.tarAtFar()), v.genuinePairs(), v.impostorPairs());
            checkpoint(state, model, split, layers, originalUntrained, preprocessing);
        }
        while (state.stopReason == null) {
            int epoch = state.lastEpoch + 1;
            String stop = stopsAt(state);
            if (stop != null) {
                state.stopReason = stop;
                break;
            }
            if (plateau(state)) {
                // patience ran out and a drop is left (else stopsAt stopped): go on from here at a tenth of the rate
                state.lrDrops++;
                state.epochsWithoutImprovement = 0;
                Progress.say("No better validation AUC for %s epochs (best %s at epoch %s): learning rate divided by"
                        + " %s (drop %s of %s)", cfg.patience(), fmt(state.bestAuc), state.bestEpoch,
                        (int) LearningRateSchedule.DROP_FACTOR, state.lrDrops, cfg.lrDrops());
            }
            schedule.afterDrops(state.lrDrops);
            List<int[]> batches = sampler.batches(epoch);
            if (cfg.stepsPerEpoch() > 0 && batches.size() > cfg.stepsPerEpoch()) {
                batches = batches.subList(0, cfg.stepsPerEpoch());
            }
            long t0 = System.nanoTime();
            // Offline mining picks every batch's triplets on embeddings computed once at the start of the epoch.
            List<Triplets> offline = cfg.isOffline()
                    ? new OfflineTripletMiner(cfg.newMiner(epoch)).mine(
                            new CachedEmbeddings(embedRows(trainer, cache, trainRows), trainLabels), sampler, epoch)
                    : null;
            TripletStep online = new TripletStep(cfg.newMiner(epoch), loss, g.tripletWeight(), distill,
                    g.distillWeight(), g.mineOnTeacher(), g.matchWeight());
            int images = 0;
            int noTriplet = 0;
            double lossSum = 0;
            double activeSum = 0;
            int counted = 0;
            int activeCounted = 0;
            boolean budgetHit = false;
            for (int b = 0; b < batches.size(); b++) {
                int[] batch = batches.get(b);
                TripletStep step = online;
                if (offline != null) {
                    OfflineTripletMiner.Batch ob = OfflineTripletMiner.Batch.of(offline.get(b));
                    batch = ob.datasetIndices();
                    step = new TripletStep(ob.asMiner(), loss);
                }
                // One-image people join as negatives and distillation samples; they never form a positive pair.
                batch = concat(batch, singletons.pick(epoch, b, g.singletonsPerBatch()));
                int[] rows = new int[batch.length];
                int[] labels = new int[batch.length];
                for (int i = 0; i < batch.length; i++) {
                    rows[i] = faces.row(trainRows[batch[i]], variantOf(epoch, trainRows[batch[i]], faces));
                    labels[i] = trainLabels[batch[i]];
                }
                StepStats st;
                schedule.atStep(state.steps.size());
                if (batch.length == 0) {
                    st = StepStats.tripletOnly(TripletStats.noValidTriplet(offline.get(b).candidatePairs()), false);
                } else {
                    TeacherBatch teacher = targets == null ? null
                            : TeacherBatch.of(TeacherTargets.unitRows(targets, rows));
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray x = sub.create(cache.read(rows), batchShape(rows.length, cache.rowShape()));
                        st = step.run(trainer, new NDList(x), labels, teacher);
                    }
                }
                if (st.triplet().noValidTriplet()) {
                    noTriplet++;
                }
                if (st.nothingToLearn()) {
                    Progress.say("epoch %s step %s: %s", epoch, b + 1, st);
                } else {
                    lossSum += st.totalLoss();
                    if (!st.triplet().noValidTriplet()) {
                        activeSum += st.triplet().activeFraction();
                        activeCounted++;
                    }
                    counted++;
                    if (!Float.isFinite(st.totalLoss())) {
                        throw new IllegalStateException("Loss became " + st.totalLoss() + " at epoch " + epoch
                                + " step " + (b + 1) + "; lower --lr. The last good checkpoint is in "
                                + checkpointDir());
                    }
                }
                TrainingState.Step record = stepRecord(epoch, b + 1, batch.length, st);
                record.learningRate = schedule.getNewValue(0);
                state.steps.add(record);
                images += batch.length;
                if ((b + 1) % 10 == 0) {
                    Progress.say("epoch %s step %s/%s: %s", epoch, b + 1, batches.size(), st);
                }
                if (overBudget(state, (System.nanoTime() - t0) / 1e9)) {
                    budgetHit = true;
                    break;
                }
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            ValidationMetrics v = validate(trainer, net, cache, data, valRows);
            TrainingState.Epoch e = new TrainingState.Epoch();
            e.epoch = epoch;
            e.steps = (int) state.steps.stream().filter(x -> x.epoch == epoch).count();
            e.stepsWithoutTriplet = noTriplet;
            e.meanLoss = counted == 0 ? Double.NaN : lossSum / counted;
            e.meanActiveFraction = activeCounted == 0 ? Double.NaN : activeSum / activeCounted;
            e.valAuc = v.auc();
            e.valTarAtFar = v.tarAtFar();
            e.valThreshold = v.threshold();
            e.seconds = (System.nanoTime() - t0) / 1e9;
            e.imagesPerSecond = images / trainSeconds;
            state.epochs.add(e);
            state.trainingSeconds += e.seconds;
            state.lastEpoch = epoch;
            Progress.say("epoch %s: loss %s, active %s, %s steps without triplet; validation AUC %s, TAR@FAR=1e-3 %s;"
                            + " %s img/s", epoch, fmt(e.meanLoss), fmt(e.meanActiveFraction), noTriplet, fmt(v.auc()),
                    fmt(v.tarAtFar()), String.format("%.1f", e.imagesPerSecond));
            if (v.auc() > state.bestAuc) {
                state.bestAuc = v.auc();
                state.bestEpoch = epoch;
                state.epochsWithoutImprovement = 0;
                saveBest(model, split, layers, originalUntrained, preprocessing, e);
            } else {
                state.epochsWithoutImprovement++;
                state.stopReason = earlyStop(state);
            }
            if (budgetHit && state.stopReason == null) {
                state.stopReason = "time budget of " + cfg.maxMinutes() + " min used";
            }
            checkpoint(state, model, split, layers, originalUntrained, preprocessing);
        }
        Progress.say("Stopped: %s. Best validation AUC %s at epoch %s -> %s", state.stopReason, fmt(state.bestAuc),
                state.bestEpoch, ModelStore.paramsFile(cfg.weightsDir(), cfg.outputModel()));
        state.write(stateFile());
        TrainingReport.write(cfg.runDir(), state, summary(state, split, layers, preprocessing));
    }

    private boolean overBudget(TrainingState state, double currentEpochSeconds) {
        return cfg.maxMinutes() > 0 && state.trainingSeconds + currentEpochSeconds > cfg.maxMinutes() * 60;
    }

    private String choosePattern(ModelManifest mf) {
        if (cfg.layerPattern() != null) {
            return cfg.layerPattern();
        }
        if (mf.untrainedTensors != null && !mf.untrainedTensors.isEmpty()) {
            return LayerSelection.patternForTensors(mf.untrainedTensors);
        }
        throw new IllegalArgumentException("Model " + cfg.inputModel() + " has no untrained layers; say which layers to"
                + " fine-tune with --train-layers (e.g. 'inception_5.*|dense', or '.*' for the whole net)");
    }

    /** Dataset rows of the given identities (at most {@code cap} images each, the first by file name). */
    static int[] rowsOf(IdentityFolder data, List<String> identities, int cap) {
        Set<String> wanted = new HashSet<>(identities);
        Set<String> present = new HashSet<>();
        List<Integer> rows = new ArrayList<>();
        Map<Integer, Integer> taken = new HashMap<>();
        for (int i = 0; i < data.size(); i++) {
            String id = data.identities().get(data.label(i));
            if (wanted.contains(id)) {
                present.add(id);
                if (taken.merge(data.label(i), 1, Integer::sum) <= cap) {
                    rows.add(i);
                }
            }
        }
        if (present.size() != wanted.size()) {
            Set<String> missing = new HashSet<>(wanted);
            missing.removeAll(present);
            throw new IllegalArgumentException(missing.size() + " identities of the split have no folder under "
                    + data.root() + ", e.g. " + missing.iterator().next());
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void checkDisjoint(IdentityFolder data, int[] train, int[] val, IdentitySplit split) {
        Set<Integer> t = new HashSet<>();
        for (int r : train) {
            t.add(data.label(r));
        }
        for (int r : val) {
            if (t.contains(data.label(r))) {
                throw new IllegalStateException("Split " + split.name() + ": validation person "
                        + data.identities().get(data.label(r)) + " is also a training person");
            }
        }
    }

    private static String preprocessingOf(IdentityFolder data) throws IOException {
        oneshot.image.RgbImage first = FaceInput.decode(data.image(0));
        return FaceInput.mode(first.width(), first.height());
    }

    private ValidationMetrics validate(Trainer trainer, SplitNetwork net, FeatureCache cache, IdentityFolder data,
                                       int[] valRows) throws IOException {
        int[] labels = new int[valRows.length];
        for (int i = 0; i < valRows.length; i++) {
            labels[i] = data.label(valRows[i]);
        }
        return ValidationMetrics.of(embedRows(trainer, cache, valRows), labels, FAR);
    }

    /** Embeddings of cached rows by the current suffix, in inference mode. */
    private static float[][] embedRows(Trainer trainer, FeatureCache cache, int[] dataRows) throws IOException {
        float[][] emb = new float[dataRows.length][];
        int chunk = 128;
        for (int start = 0; start < dataRows.length; start += chunk) {
            int n = Math.min(chunk, dataRows.length - start);
            int[] rows = java.util.Arrays.copyOfRange(dataRows, start, start + n);
            try (NDManager sub = trainer.getManager().newSubManager()) {
                NDArray x = sub.create(cache.read(rows), batchShape(n, cache.rowShape()));
                float[] out = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
                int d = out.length / n;
                for (int i = 0; i < n; i++) {
                    emb[start + i] = java.util.Arrays.copyOfRange(out, i * d, (i + 1) * d);
                }
            }
        }
        return emb;
    }

    private static Shape batchShape(int n, long[] row) {
        long[] s = new long[row.length + 1];
        s[0] = n;
        System.arraycopy(row, 0, s, 1, row.length);
        return new Shape(s);
    }

    /** Which variant of an image an epoch trains on: a pure function of (seed, epoch, image), the original included. */
    private int variantOf(int epoch, int image, FaceVariants faces) {
        if (faces.variantsPerImage() == 1) {
            return 0;
        }
        return new java.util.SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + image)
                .nextInt(faces.variantsPerImage());
    }

    private static int[] concat(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static TrainingState.Step stepRecord(int epoch, int step, int images, StepStats ss) {
        TripletStats st = ss.triplet();
        TrainingState.Step r = new TrainingState.Step();
        r.epoch = epoch;
        r.step = step;
        r.images = images;
        r.loss = ss.totalLoss();
        r.tripletLoss = st.loss();
        r.distillLoss = ss.distillLoss();
        r.distillPairs = ss.distillPairs();
        r.teacherCorrelation = ss.teacherCorrelation();
        r.matchLoss = ss.matchLoss();
        r.triplets = st.triplets();
        r.candidatePairs = st.candidatePairs();
        r.activeFraction = st.activeFraction();
        r.meanPositive = st.meanPositive();
        r.meanNegative = st.meanNegative();
        return r;
    }

    /** Parameters first, then the state that points at them: a kill in between only repeats one epoch. */
    private void checkpoint(TrainingState state, FaceModel model, IdentitySplit split, LayerSelection layers,
                            List<String> originalUntrained, String preprocessing) throws IOException {
        ModelManifest mf = model.manifest();
        List<Map<String, Object>> history = new ArrayList<>(mf.history);
        mf.untrainedTensors = new ArrayList<>(originalUntrained);
        Map<String, Object> h = trainingHistory(split, layers, preprocessing, state.lastEpoch, null);
        h.put("step", "training checkpoint (in progress)");
        mf.history.add(h);
        try {
            ModelStore.save(model, checkpointDir(), CHECKPOINT);
        } finally {
            mf.history = history;
        }
        state.write(stateFile());
        TrainingReport.write(cfg.runDir(), state, summary(state, split, layers, preprocessing));
    }

    private void saveBest(FaceModel model, IdentitySplit split, LayerSelection layers, List<String> originalUntrained,
                          String preprocessing, TrainingState.Epoch e) throws IOException {
        requireFinite(model, layers);
        ModelManifest mf = model.manifest();
        List<Map<String, Object>> history = new ArrayList<>(mf.history);
        List<String> stillUntrained = new ArrayList<>();
        for (String t : originalUntrained) {
            if (!layers.coversTensor(t)) {
                stillUntrained.add(t);
            }
        }
        mf.untrainedTensors = stillUntrained;
        mf.history.add(trainingHistory(split, layers, preprocessing, e.epoch, e));
        try {
            ModelStore.save(model, cfg.weightsDir(), cfg.outputModel());
            Progress.say("New best model (validation AUC %s) saved as %s", fmt(e.valAuc),
                    ModelStore.paramsFile(cfg.weightsDir(), cfg.outputModel()));
        } finally {
            mf.history = history;
            mf.untrainedTensors = new ArrayList<>(originalUntrained);
        }
    }

    /** Like OpenFace's trainer: never publish weights or BatchNorm statistics that went NaN or infinite. */
    private static void requireFinite(FaceModel model, LayerSelection layers) {
        for (oneshot.net.ConvBnRelu c : model.net().convs().values()) {
            if (!layers.trained().contains(c.name())) {
                continue;
            }
            for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : c.getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalStateException("Layer " + c.name() + " parameter " + p.getKey() + " holds " + v
                                + "; not saving it. Lower --lr and resume or restart.");
                    }
                }
            }
        }
    }

    private Map<String, Object> trainingHistory(IdentitySplit split, LayerSelection layers, String preprocessing,
                                                int epoch, TrainingState.Epoch e) throws IOException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("step", "triplet training");
        if (teacherId != null) {
            h.put("teacherId", teacherId);
        }
        h.put("at", Instant.now().toString());
        h.put("run", cfg.runDir().toString());
        h.put("dataset", cfg.dataRoot().toString());
        h.put("preprocessing", preprocessing);
        h.put("split", cfg.splitFile().toString());
        h.put("splitSha256", AtomicFiles.sha256(cfg.splitFile()));
        h.put("trainIdentities", split.train().size());
        h.put("validationIdentities", split.validation().size());
        h.put("testIdentitiesNeverSeen", split.test().size());
        h.put("layersTrained", layers.trained());
        h.put("miner", cfg.miner());
        h.put("margin", cfg.margin());
        putRecipe(h);
        h.put("seed", cfg.seed());
        h.put("epoch", epoch);
        if (e != null) {
            h.put("validationAuc", e.valAuc);
            h.put("validationTarAtFar1e-3", e.valTarAtFar);
        }
        return h;
    }

    private Map<String, Object> summary(TrainingState state, IdentitySplit split, LayerSelection layers,
                                        String preprocessing) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("split", split.name());
        s.put("splitFile", cfg.splitFile().toString());
        s.put("dataset", cfg.dataRoot().toString());
        s.put("preprocessing", preprocessing);
        s.put("inputModel", cfg.inputModel());
        s.put("outputModel", ModelStore.paramsFile(cfg.weightsDir(), cfg.outputModel()).toString());
        s.put("layersTrained", layers.trained());
        s.put("miner", cfg.miner());
        s.put("margin", cfg.margin());
        putRecipe(s);
        s.put("teacherId", state.teacherId);
        s.put("P", cfg.identitiesPerBatch());
        s.put("K", cfg.imagesPerIdentity());
        s.put("learningRate", cfg.learningRate());
        s.put("learningRateSchedule", cfg.lrSchedule().label());
        s.put("seed", cfg.seed());
        s.put("maxEpochs", cfg.maxEpochs());
        s.put("patience", cfg.patience());
        s.put("lrDrops", cfg.lrDrops());
        s.put("lrDropsDone", state.lrDrops);
        s.put("maxMinutes", cfg.maxMinutes());
        s.put("maxSteps", cfg.maxSteps());
        s.put("epochsRun", state.lastEpoch);
        s.put("bestEpoch", state.bestEpoch);
        s.put("bestValidationAuc", state.bestAuc);
        if (!state.epochs.isEmpty()) {
            s.put("startValidationAuc", state.epochs.get(0).valAuc);
            s.put("startValidationTarAtFar1e-3", state.epochs.get(0).valTarAtFar);
            state.epochs.stream().filter(x -> x.epoch == state.bestEpoch).findFirst()
                    .ifPresent(x -> s.put("bestValidationTarAtFar1e-3", x.valTarAtFar));
        }
        s.put("trainingSeconds", state.trainingSeconds);
        s.put("stepsWithoutValidTriplet", state.steps.stream().filter(x -> x.triplets == 0).count());
        s.put("stopReason", state.stopReason);
        return s;
    }

    private void putRecipe(Map<String, Object> m) {
        Guidance g = cfg.guidance();
        m.put("recipe", recipe());
        m.put("teacher", g.teacher());
        m.put("distillation", g.distillation() == null ? "none" : g.distillation().label());
        m.put("distillWeight", g.distillWeight());
        m.put("tripletWeight", g.tripletWeight());
        m.put("miningOn", g.mineOnTeacher() ? "teacher" : "student");
        m.put("embeddingMatchWeight", g.matchWeight());
        m.put("oneImagePeoplePerBatch", g.singletonsPerBatch());
        m.put("augmentation", cfg.augmentation().key());
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
