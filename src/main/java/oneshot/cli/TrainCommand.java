package oneshot.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import oneshot.SharedData;
import java.util.Map;
import java.util.LinkedHashMap;
import java.nio.file.StandardCopyOption;
import java.io.IOException;
import oneshot.train.LfwHalvesEvaluation;
import oneshot.net.ModelManifest;
import oneshot.io.AtomicFiles;
import oneshot.data.IdentityFolder;
import oneshot.data.IdentitySplit;
import oneshot.data.IdentitySplitter;
import oneshot.net.ModelStore;
import oneshot.train.LfwHalfSplits;
import oneshot.train.Augmentation;
import oneshot.train.LearningRateSchedule;
import oneshot.train.DistanceDistillation;
import oneshot.train.Guidance;
import oneshot.train.Recipe;
import oneshot.train.TrainConfig;
import oneshot.train.TrainingRun;
import oneshot.train.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Triplet training. With no arguments: on LFW, import the Keras-OpenFace weights if needed, then train the layers the
 * import could not fill, one model per LFW View 2 half (tested later on folds 1-5 and 6-10 respectively).
 */
@Command(name = "Train", mixinStandardHelpOptions = true,
        description = "Triplet-train nn4.small2: by default recover the layers the weight import could not fill, one"
                + " model per LFW View 2 half so the 10-fold figure never uses a model that saw its test people.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", description = "Identity-folder dataset <identity>/<image>. Default: data/aligned/lfw when"
            + " it holds a finished Align run, else ../shared/data/lfw is aligned there first.")
    Path data;

    @Option(names = "--split", description = "Identity split file(s) (data/splits/*.json). Default: the two LFW View 2"
            + " halves for LFW, else a seeded random split of the dataset written to data/splits/.")
    List<Path> splits;

    @Option(names = "--model", description = "Starting model in --weights (default nn4.small2.v1 if present, else"
            + " nn4.small2.v1-partial, imported from ../shared when missing)")
    String model;

    @Option(names = "--out", description = "Name of the trained model (default <model>-teacher-<split name> with the"
            + " teacher recipe, <model>-whole-<split name> with whole, <model>-trained-<split name> with the triplet recipe)")
    String out;

    @Option(names = "--weights", description = "Model folder (default weights/)")
    Path weights;

    @Option(names = "--recipe", defaultValue = "auto", description = "teacher (dlib-resnet34 guides every layer after"
            + " inception_3b, 12 epochs: docs/training.md, fifth round), whole (the teacher recipe on every layer, 4"
            + " variants, to its early stop after one learning-rate drop, no time budget: the most accurate, several"
            + " hours on 2 cores; tenth round) or triplet (the five layers the import could not fill, triplets alone);"
            + " every option below overrides the recipe's value. Default: ${DEFAULT-VALUE} = teacher when the data has"
            + " the Align job's landmarks (align.csv), else triplet")
    String recipe;

    @Option(names = "--train-layers", description = "Regex of layers to train, e.g. 'inception_5.*|dense' (last"
            + " blocks) or '.*' (whole net), or 'missing' (the layers the import could not fill). Default: the recipe's"
            + " (teacher: every layer after inception_3b + dense; triplet: missing).")
    String trainLayers;

    @Option(names = "--miner", defaultValue = "openface",
            description = "openface (random margin-violating negative), semi-hard, batch-hard, batch-all; offline-<rule> mines"
                    + " with <rule> on embeddings computed once per epoch. Default: ${DEFAULT-VALUE}")
    String miner;

    @Option(names = "--margin", defaultValue = "0.2", description = "Triplet margin on squared L2 distances. Default: ${DEFAULT-VALUE}") float margin;
    @Option(names = "--p", defaultValue = "16", description = "Identities per batch. Default: ${DEFAULT-VALUE}") int p;
    @Option(names = "--k", defaultValue = "8", description = "Images per identity. Default: ${DEFAULT-VALUE}") int k;
    @Option(names = "--lr", description = "Adam learning rate. Default: the recipe's (teacher 0.0003, triplet 0.001)") Float lr;
    @Option(names = "--lr-schedule", defaultValue = "constant", description = "constant, or cosine (from --lr down to"
            + " 1 %% of it over the planned steps: epochs x batches per epoch, or --max-steps). Default: ${DEFAULT-VALUE}")
    String lrSchedule;
    @Option(names = "--flip-average", arity = "1", description = "true: the models written embed each face averaged"
            + " with its mirror image (twice the inference, its own model id). Default: the recipe's (teacher true,"
            + " triplet false)") Boolean flipAverage;
    @Option(names = "--epochs", description = "Epoch limit (one epoch = every person with >= 2 images once). Default:"
            + " the recipe's (teacher 12, triplet 30). A finished run asked for more epochs (or a larger budget or"
            + " patience) is extended from its last checkpoint") Integer epochs;
    @Option(names = "--patience", defaultValue = "4", description = "Epochs without better validation AUC. Default: ${DEFAULT-VALUE}") int patience;
    @Option(names = "--lr-drops", description = "Times the learning rate is divided by 10 when"
            + " --patience epochs bring no better validation AUC, before the run stops; each drop gives --patience more"
            + " epochs. A finished run asked for more drops is extended. Default: the recipe's (whole 1, else 0)")
    Integer lrDrops;
    @Option(names = "--max-minutes", description = "Training-loop budget per model (0 = none). Default: the recipe's"
            + " (whole 0, else 22)") Double maxMinutes;
    @Option(names = "--max-steps", defaultValue = "0", description = "Step budget: no epoch starts after this many"
            + " optimiser steps (0 = none). The main job's published model gets the steps the better-trained half"
            + " model needed to reach its best validation AUC.") int maxSteps;
    @Option(names = "--steps-per-epoch", defaultValue = "0", description = "Cap on steps per epoch (0 = all)") int stepsPerEpoch;
    @Option(names = "--val-images", defaultValue = "10", description = "Max images per validation person. Default: ${DEFAULT-VALUE}") int valImages;
    @Option(names = "--seed", defaultValue = "20261123", description = "Seeds batches and mining. Default: ${DEFAULT-VALUE}") long seed;
    @Option(names = "--run-dir", description = "Folder for checkpoints and the report (default reports/train/<out>)") Path runDir;
    @Option(names = "--cache-dir", description = "Prefix feature cache and teacher targets (default cache/features)") Path cacheDir;

    @Option(names = "--teacher", description = "Teacher network guiding training (needs align.csv landmarks), e.g."
            + " dlib-resnet. Default: the recipe's (teacher: dlib-resnet; triplet: none)") String teacher;
    @Option(names = "--distill", defaultValue = "none", description = "Relational distance distillation from the"
            + " teacher: none, rkd (Park et al. RKD-D, mean-normalised, Huber), squared-l2 (unit-sphere distances"
            + " matched directly). Default: ${DEFAULT-VALUE}") String distill;
    @Option(names = "--distill-weight", defaultValue = "1", description = "Weight of the distillation loss. Default: ${DEFAULT-VALUE}") float distillWeight;
    @Option(names = "--triplet-weight", defaultValue = "1", description = "Weight of the triplet loss (0 = distillation"
            + " only). Default: ${DEFAULT-VALUE}") float tripletWeight;
    @Option(names = "--match-teacher", description = "Weight of embedding matching: every student vector pulled onto"
            + " the teacher's vector of the same face (train the dense layer too); 0 = off. Default: the recipe's"
            + " (teacher 10, triplet 0)") Float matchTeacher;
    @Option(names = "--mine-on", description = "Distances the miner chooses on: student, or teacher (hard positives and"
            + " negatives by the teacher). Default: the recipe's (teacher: teacher; triplet: student)") String mineOn;
    @Option(names = "--singletons", description = "One-image people added to every batch (negatives, distillation"
            + " samples). Default: the recipe's (teacher 32, triplet 0)") Integer singletons;
    @Option(names = "--augment", description = "Seeded augmented variants per image besides the original (flip,"
            + " landmark jitter before both warps, colour), cached. Default: the recipe's (teacher 2, triplet 0)") Integer augment;
    @Option(names = "--concurrent-runs", description = "Splits trained at once, each in its own JVM with one Torch"
            + " thread (1 = one after another, in this JVM). Default: 2 on a machine with at least 2 cores")
    Integer concurrentRuns;
    @Option(names = "--exit-with-parent", hidden = true, description = "A child run of --concurrent-runs: end with the"
            + " parent process") boolean exitWithParent;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--originals", description = "Original images behind --data (default: the Align job's input from"
            + " its report.json)") Path originals;

    @Override
    public Integer call() throws Exception {
        if (exitWithParent) {
            ConcurrentRuns.exitWithParent();
        }
        Path dataRoot = data != null ? data : defaultData();
        Path weightsDir = weights != null ? weights : ModelStore.defaultDir();
        String input = model != null ? model : ensureImported(weightsDir);
        List<Path> splitFiles = splits != null && !splits.isEmpty() ? splits : defaultSplits(dataRoot);
        if (out != null && splitFiles.size() > 1) {
            throw new oneshot.UsageException("--out names one model but " + splitFiles.size() + " splits are trained;"
                    + " give one --split with --out");
        }
        boolean lfwDefault = data == null && (splits == null || splits.isEmpty()) && out == null && runDir == null
                && splitFiles.size() == 2;
        Recipe base = resolveRecipe(recipe, dataRoot);
        String mine = mineOn != null ? mineOn : base.mineOnTeacher() ? "teacher" : "student";
        if (!mine.equals("student") && !mine.equals("teacher")) {
            throw new oneshot.UsageException("--mine-on must be student or teacher, got " + mine);
        }
        Guidance guidance = new Guidance(teacher != null ? teacher : base.teacher(),
                distill.equals("none") ? null : DistanceDistillation.Kind.parse(distill), distillWeight, tripletWeight,
                mine.equals("teacher"), singletons != null ? singletons : base.singletons(),
                matchTeacher != null ? matchTeacher : base.matchWeight());
        Settings settings = settings(base);
        Augmentation augmentation = Augmentation.mild(settings.variants(), seed);
        System.err.println("recipe " + base.name() + ": " + guidance.describe() + "; " + settings.describe());
        List<String> trained = new ArrayList<>();
        List<TrainingState> states = new ArrayList<>();
        int failures = 0;
        int atOnce = concurrentRuns != null ? concurrentRuns : Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
        if (atOnce < 1) {
            throw new oneshot.UsageException("--concurrent-runs must be >= 1, got " + atOnce);
        }
        String classPath = atOnce >= 2 ? ConcurrentRuns.classPath() : null;
        // each split needs its own run folder (with --run-dir they share one and the second is refused, not mixed)
        boolean twoToTrain = atOnce >= 2 && splitFiles.size() == 2 && runDir == null
                && !(finished(splitFiles.get(0), dataRoot, weightsDir, input, settings, guidance, augmentation, maxSteps)
                && finished(splitFiles.get(1), dataRoot, weightsDir, input, settings, guidance, augmentation, maxSteps));
        if (twoToTrain) {
            if (classPath == null) {
                System.err.println("Training the two splits one after another: this JVM cannot start another on its"
                        + " class path");
            } else {
                // caches first, here on both cores: the two runs then find them complete instead of writing them twice
                new TrainingRun(config(splitFiles.get(0), dataRoot, weightsDir, input, settings, guidance, augmentation,
                        maxSteps)).prepareCaches();
                System.err.println("Training " + splitFiles + " at once, one JVM each with one Torch thread"
                        + " (--concurrent-runs 1: one after another)");
                int code = ConcurrentRuns.start(splitFiles, spec.commandLine().getParseResult().originalArgs(), dataRoot,
                        classPath).waitFor();
                if (code != 0) {
                    return code;
                }
            }
        }
        // runs finished above are read back here (and resumed if one stopped), one after another
        for (Path splitFile : splitFiles) {
            TrainingState s = train(splitFile, dataRoot, weightsDir, input, settings, guidance, augmentation, trained,
                    maxSteps);
            states.add(s);
            if (s.bestEpoch < 1) {
                failures++;
            }
        }
        if (lfwDefault && failures == 0) {
            // The model users get learns from every LFW person but the validation people; no figure comes from it.
            Path publish = Path.of("data", "splits", LfwHalfSplits.PUBLISH + ".json");
            if (!Files.isRegularFile(publish)) {
                LfwHalfSplits.publishSplit(IdentityFolder.scan(SharedData.lfw()), SharedData.lfw().resolve("pairs.txt"),
                        LfwHalfSplits.SEED).write(publish.getParent());
            }
            // As many steps as the half models needed to reach their best validation AUC (the larger of the two): the
            // recipe's own answer to "how long", without a second run of patience epochs (14.7 -> about 5 min).
            int toBestA = stepsToBest(states.get(0));
            int toBestB = stepsToBest(states.get(1));
            int budget = maxSteps > 0 ? maxSteps : Math.max(toBestA, toBestB);
            // The honest figure: each half scored only by the model that never saw its people. (The published model
            // trains afterwards on both cores: in a child JVM on one Torch thread beside this scoring it ran at 61-62
            // instead of 97 img/s, 2.4 instead of 1.3 min per epoch; docs/training.md, ninth round.)
            LfwHalvesEvaluation.main(new String[] {trained.get(0), trained.get(1), input,
                base.tenFoldReport().toString(), dataRoot.toString()});
            if (train(publish, dataRoot, weightsDir, input, settings, guidance, augmentation, trained, budget)
                    .bestEpoch < 1) {
                return 2;
            }
            publishDefault(weightsDir, trained.get(2), "trained on every LFW person except the "
                    + LfwHalfSplits.VALIDATION_IDENTITIES + " seeded validation people of " + publish + " (it saw the"
                    + " LFW View 2 test people: no reported LFW figure comes from this model; the figures come from"
                    + " the two half models " + trained.get(0) + " and " + trained.get(1) + "); step budget " + budget
                    + " (the half models reached their best validation AUC after " + toBestA + " and " + toBestB
                    + " steps)");
        }
        return failures == 0 ? 0 : 2;
    }

    /** The recipe's values after the command line's overrides, for the options TrainConfig takes directly. */
    record Settings(Recipe recipe, String layers, float learningRate, LearningRateSchedule.Shape schedule,
                    boolean flipAverage, int epochs, int lrDrops, double maxMinutes, int variants) {

        /** The recipe line every run prints first. */
        String describe() {
            return "layers " + (layers == null ? "the import's missing ones" : layers) + "; Adam " + learningRate + " "
                    + schedule.label() + (lrDrops > 0 ? " (divided by " + (int) LearningRateSchedule.DROP_FACTOR
                            + " on a plateau, up to " + lrDrops + " times)" : "")
                    + "; flip averaging " + flipAverage + "; " + variants + " augmented variants per image; at most "
                    + epochs + " epochs" + (maxMinutes > 0 ? " or " + maxMinutes + " min of training loop per model"
                            : ", no time budget");
        }
    }

    /** The recipe's values, each replaced by its option when given; usage errors for values out of range. */
    Settings settings(Recipe base) {
        String layers = trainLayers == null ? base.layerPattern() : trainLayers.equals("missing") ? null : trainLayers;
        LearningRateSchedule.Shape schedule;
        try {
            schedule = LearningRateSchedule.Shape.parse(lrSchedule);
        } catch (IllegalArgumentException e) {
            throw new oneshot.UsageException("--lr-schedule: " + e.getMessage());
        }
        int drops = lrDrops != null ? lrDrops : base.lrDrops();
        if (drops < 0) {
            throw new oneshot.UsageException("--lr-drops must be >= 0, got " + drops);
        }
        return new Settings(base, layers, lr != null ? lr : base.learningRate(), schedule,
                flipAverage != null ? flipAverage : base.flipAverage(), epochs != null ? epochs : base.maxEpochs(), drops,
                maxMinutes != null ? maxMinutes : base.maxMinutes(), augment != null ? augment : base.augment());
    }

    /**
     * {@code auto} is the teacher recipe when the data has the Align job's landmarks (the teacher makes its own chip
     * from them), else the triplet recipe, said on stderr; {@code teacher} without landmarks is a usage error.
     */
    static Recipe resolveRecipe(String name, Path dataRoot) {
        boolean landmarks = Files.isRegularFile(dataRoot.resolve("align.csv"));
        if (name.equals("auto")) {
            if (landmarks) {
                return Recipe.TEACHER;
            }
            System.err.println("recipe triplet: " + dataRoot + " has no align.csv (the Align job's landmarks), which the"
                    + " teacher needs to make its own chip of each face; Align the originals to train with the teacher");
            return Recipe.TRIPLET;
        }
        Recipe r;
        try {
            r = Recipe.named(name);
        } catch (IllegalArgumentException e) {
            throw new oneshot.UsageException(e.getMessage());
        }
        if (r.usesTeacher() && !landmarks) {
            throw new oneshot.UsageException("--recipe " + r.name() + " needs the Align job's landmarks, but " + dataRoot
                    + " has no align.csv: run Align on the original images (or use --recipe triplet)");
        }
        return r;
    }

    /**
     * A run folder is resumed, never taken over: absent, empty, or an earlier Train run's (its {@code state.json} or
     * {@code checkpoint/}); any other folder or file is refused before anything is written.
     */
    static void refuseForeignRunFolder(Path run, Path dataRoot) throws IOException {
        if (java.nio.file.Files.isDirectory(run.resolve("checkpoint"))) {
            return; // an earlier run, killed before or after its first state.json: resumed
        }
        oneshot.io.OutputGuard.checkFolder(run, "state.json", false, true, List.of(dataRoot));
    }

    /** Optimiser steps of the epochs up to and including the best one. */
    static int stepsToBest(TrainingState s) {
        return s.epochs.stream().filter(e -> e.epoch >= 1 && e.epoch <= s.bestEpoch).mapToInt(e -> e.steps).sum();
    }

    /** Trains one split; its state's best epoch is 0 when nothing beat the starting model. */
    private TrainingState train(Path splitFile, Path dataRoot, Path weightsDir, String input, Settings settings,
                                Guidance guidance, Augmentation augmentation, List<String> trained, int stepBudget)
            throws IOException {
        TrainConfig cfg = config(splitFile, dataRoot, weightsDir, input, settings, guidance, augmentation, stepBudget);
        String outName = cfg.outputModel();
        IdentitySplit split = IdentitySplit.read(splitFile);
        Path run = cfg.runDir();
        TrainingState s = new TrainingRun(cfg).run();
        // how the model embeds is set on what the run wrote (also a run finished before): training never flips
        ModelStore.setFlipAverage(weightsDir, outName, settings.flipAverage());
        trained.add(outName);
        System.out.printf("%s: %s; best validation AUC %.4f at epoch %d -> %s ; report in %s%n", split.name(),
                s.stopReason, s.bestAuc, s.bestEpoch, ModelStore.paramsFile(weightsDir, outName), run);
        if (s.bestEpoch < 1) {
            System.err.println("warning: no epoch beat the starting model on validation for " + split.name());
        }
        return s;
    }

    /** Whether the split's run is finished already (then it is only read back, in this JVM). */
    private boolean finished(Path splitFile, Path dataRoot, Path weightsDir, String input, Settings settings,
                             Guidance guidance, Augmentation augmentation, int stepBudget) throws IOException {
        return new TrainingRun(config(splitFile, dataRoot, weightsDir, input, settings, guidance, augmentation,
                stepBudget)).isFinished();
    }

    /** The run of one split: its model name, run folder (refused when foreign) and settings. */
    private TrainConfig config(Path splitFile, Path dataRoot, Path weightsDir, String input, Settings settings,
                               Guidance guidance, Augmentation augmentation, int stepBudget) throws IOException {
        IdentitySplit split = IdentitySplit.read(splitFile);
        // the triplet recipe keeps the name it always had ("trained"), so its earlier runs still resume
        String outName = out != null ? out : input + "-" + settings.recipe().modelTag() + "-" + split.name();
        Path run = runDir != null ? runDir : Path.of("reports", "train", outName);
        refuseForeignRunFolder(run, dataRoot);
        return new TrainConfig(dataRoot, splitFile, weightsDir, input, outName, settings.layers(), miner,
                margin, p, k, settings.learningRate(), settings.epochs(), patience, settings.maxMinutes(), stepsPerEpoch, valImages,
                seed, run, cacheDir != null ? cacheDir : Path.of("cache", "features")).with(guidance, augmentation, originals)
                .withMaxSteps(stepBudget).withLrSchedule(settings.schedule()).withLrDrops(settings.lrDrops());
    }

    /**
     * Copies a trained model to {@link ModelStore#TRAINED}, the name Enroll, Identify, Verify, Embed and Evaluate pick
     * when none is given. Same bytes, so the same model id: calibrations and galleries made with either name agree.
     */
    static void publishDefault(Path weightsDir, String from, String note) throws IOException {
        Path target = ModelStore.paramsFile(weightsDir, ModelStore.TRAINED);
        Path tmp = AtomicFiles.tempBeside(target);
        Files.copy(ModelStore.paramsFile(weightsDir, from), tmp, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.makeWorldReadable(tmp);
        AtomicFiles.move(tmp, target);
        ModelManifest mf = ModelManifest.read(ModelStore.manifestFile(weightsDir, from));
        mf.name = ModelStore.TRAINED;
        mf.parametersFile = target.getFileName().toString();
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", "published as default");
        step.put("from", from);
        step.put("note", note);
        step.put("at", java.time.Instant.now().toString());
        mf.history.add(step);
        mf.write(ModelStore.manifestFile(weightsDir, ModelStore.TRAINED));
        System.out.println("default model for the other commands: " + target + " (model id " + mf.modelId + ")");
    }

    /**
     * data/aligned/lfw, aligned first when no finished Align run is there: the network only works on faces aligned the
     * way OpenFace aligned them. The Align job resumes where an interrupted run stopped and skips finished images.
     */
    private static Path defaultData() throws Exception {
        Path aligned = Path.of("data", "aligned", "lfw");
        if (!Files.isRegularFile(aligned.resolve("report.json"))) {
            System.err.println("Aligning ../shared/data/lfw into " + aligned + " first (MTCNN + dlib landmarks + OpenFace"
                    + " 3-point affine; resumable, about 3 minutes on 2 free cores)");
            int code = Cli.run(new AlignCommand(), "--output", aligned.toString());
            if (code != 0 || !Files.isRegularFile(aligned.resolve("report.json"))) {
                throw new IllegalStateException("aligning LFW failed (exit " + code + "); run Align on its own to see why,"
                        + " or pass --data with an aligned dataset");
            }
        }
        return aligned;
    }

    private static List<Path> defaultSplits(Path dataRoot) throws Exception {
        Path splitsDir = Path.of("data", "splits");
        IdentityFolder folder = IdentityFolder.scan(dataRoot);
        Path pairs = SharedData.lfw().resolve("pairs.txt");
        // The shared LFW folder or an aligned copy of it (data/aligned/lfw), which may have lost a person or two.
        boolean isLfw = Files.isRegularFile(pairs) && (folder.identities().size() == 5749
                || "lfw".equals(dataRoot.toAbsolutePath().normalize().getFileName().toString()));
        List<Path> files = new ArrayList<>();
        if (isLfw) {
            for (int[] half : new int[][] {{1, 5}, {6, 10}}) {
                Path f = splitsDir.resolve(LfwHalfSplits.name(half[0], half[1]) + ".json");
                if (!Files.isRegularFile(f)) {
                    for (IdentitySplit s : LfwHalfSplits.make(IdentityFolder.scan(SharedData.lfw()), pairs,
                            LfwHalfSplits.SEED)) {
                        s.write(splitsDir);
                    }
                }
                files.add(f);
            }
        } else {
            String name = dataRoot.toAbsolutePath().normalize().getFileName() + "-random";
            Path f = splitsDir.resolve(name + ".json");
            if (!Files.isRegularFile(f)) {
                IdentitySplitter.random(name, folder, 0.1, 0.2, LfwHalfSplits.SEED).write(splitsDir);
                System.err.println("wrote identity split " + f);
            }
            files.add(f);
        }
        return files;
    }

    /** The complete model if imported, else the partial one, importing the shared CSVs (allowing gaps) if needed. */
    private static String ensureImported(Path weightsDir) {
        if (!Files.isRegularFile(ModelStore.paramsFile(weightsDir, ModelStore.COMPLETE_IMPORT))
                && !Files.isRegularFile(ModelStore.paramsFile(weightsDir, ModelStore.PARTIAL_IMPORT))
                && Cli.run(new ImportWeightsCommand(), "--allow-missing", "--out", weightsDir.toString()) != 0) {
            throw new IllegalStateException("importing " + SharedData.kerasOpenFaceWeights() + " failed (see above)");
        }
        return Files.isRegularFile(ModelStore.paramsFile(weightsDir, ModelStore.COMPLETE_IMPORT))
                ? ModelStore.COMPLETE_IMPORT : ModelStore.PARTIAL_IMPORT;
    }
}
