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
import oneshot.train.DistanceDistillation;
import oneshot.train.Guidance;
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

    @Option(names = "--out", description = "Name of the trained model (default <model>-trained-<split name>)")
    String out;

    @Option(names = "--weights", description = "Model folder (default weights/)")
    Path weights;

    @Option(names = "--train-layers", description = "Regex of layers to train, e.g. 'inception_5.*|dense' (last"
            + " blocks) or '.*' (whole net). Default: the layers the import could not fill.")
    String trainLayers;

    @Option(names = "--miner", defaultValue = "openface",
            description = "openface (random margin-violating negative), semi-hard, batch-hard, batch-all; offline-<rule> mines"
                    + " with <rule> on embeddings computed once per epoch. Default: ${DEFAULT-VALUE}")
    String miner;

    @Option(names = "--margin", defaultValue = "0.2", description = "Triplet margin on squared L2 distances. Default: ${DEFAULT-VALUE}") float margin;
    @Option(names = "--p", defaultValue = "16", description = "Identities per batch. Default: ${DEFAULT-VALUE}") int p;
    @Option(names = "--k", defaultValue = "8", description = "Images per identity. Default: ${DEFAULT-VALUE}") int k;
    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate. Default: ${DEFAULT-VALUE}") float lr;
    @Option(names = "--epochs", defaultValue = "30", description = "Epoch limit (one epoch = every person with >= 2 images once). Default: ${DEFAULT-VALUE}") int epochs;
    @Option(names = "--patience", defaultValue = "4", description = "Epochs without better validation AUC. Default: ${DEFAULT-VALUE}") int patience;
    @Option(names = "--max-minutes", defaultValue = "22", description = "Training-loop budget per model. Default: ${DEFAULT-VALUE}") double maxMinutes;
    @Option(names = "--max-steps", defaultValue = "0", description = "Step budget: no epoch starts after this many"
            + " optimiser steps (0 = none). The main job's published model gets the steps the better-trained half"
            + " model needed to reach its best validation AUC.") int maxSteps;
    @Option(names = "--steps-per-epoch", defaultValue = "0", description = "Cap on steps per epoch (0 = all)") int stepsPerEpoch;
    @Option(names = "--val-images", defaultValue = "10", description = "Max images per validation person. Default: ${DEFAULT-VALUE}") int valImages;
    @Option(names = "--seed", defaultValue = "20261123", description = "Seeds batches and mining. Default: ${DEFAULT-VALUE}") long seed;
    @Option(names = "--run-dir", description = "Folder for checkpoints and the report (default reports/train/<out>)") Path runDir;
    @Option(names = "--cache-dir", description = "Prefix feature cache and teacher targets (default cache/features)") Path cacheDir;

    @Option(names = "--teacher", description = "Teacher network guiding training (needs align.csv landmarks), e.g."
            + " dlib-resnet. Default: none") String teacher;
    @Option(names = "--distill", defaultValue = "none", description = "Relational distance distillation from the"
            + " teacher: none, rkd (Park et al. RKD-D, mean-normalised, Huber), squared-l2 (unit-sphere distances"
            + " matched directly). Default: ${DEFAULT-VALUE}") String distill;
    @Option(names = "--distill-weight", defaultValue = "1", description = "Weight of the distillation loss. Default: ${DEFAULT-VALUE}") float distillWeight;
    @Option(names = "--triplet-weight", defaultValue = "1", description = "Weight of the triplet loss (0 = distillation"
            + " only). Default: ${DEFAULT-VALUE}") float tripletWeight;
    @Option(names = "--match-teacher", defaultValue = "0", description = "Weight of embedding matching: every student"
            + " vector pulled onto the teacher's vector of the same face (train the dense layer too). Default:"
            + " ${DEFAULT-VALUE} (off)") float matchTeacher;
    @Option(names = "--mine-on", defaultValue = "student", description = "Distances the miner chooses on: student, or"
            + " teacher (hard positives and negatives by the teacher). Default: ${DEFAULT-VALUE}") String mineOn;
    @Option(names = "--singletons", defaultValue = "0", description = "One-image people added to every batch (negatives,"
            + " distillation samples). Default: ${DEFAULT-VALUE}") int singletons;
    @Option(names = "--augment", defaultValue = "0", description = "Seeded augmented variants per image besides the"
            + " original (flip, landmark jitter before both warps, colour), cached. Default: ${DEFAULT-VALUE}") int augment;
    @Option(names = "--originals", description = "Original images behind --data (default: the Align job's input from"
            + " its report.json)") Path originals;

    @Override
    public Integer call() throws Exception {
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
        if (!mineOn.equals("student") && !mineOn.equals("teacher")) {
            throw new IllegalArgumentException("--mine-on must be student or teacher, got " + mineOn);
        }
        Guidance guidance = new Guidance(teacher, distill.equals("none") ? null : DistanceDistillation.Kind.parse(distill),
                distillWeight, tripletWeight, mineOn.equals("teacher"), singletons, matchTeacher);
        Augmentation augmentation = Augmentation.mild(augment, seed);
        List<String> trained = new ArrayList<>();
        List<TrainingState> states = new ArrayList<>();
        int failures = 0;
        for (Path splitFile : splitFiles) {
            TrainingState s = train(splitFile, dataRoot, weightsDir, input, guidance, augmentation, trained, maxSteps);
            states.add(s);
            if (s.bestEpoch < 1) {
                failures++;
            }
        }
        if (lfwDefault && failures == 0) {
            // The honest figure: each half scored only by the model that never saw its people.
            LfwHalvesEvaluation.main(new String[] {trained.get(0), trained.get(1), input,
                "reports/train/lfw-view2-10fold.json", dataRoot.toString()});
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
            if (train(publish, dataRoot, weightsDir, input, guidance, augmentation, trained, budget).bestEpoch < 1) {
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
    private TrainingState train(Path splitFile, Path dataRoot, Path weightsDir, String input, Guidance guidance,
                                Augmentation augmentation, List<String> trained, int stepBudget) throws IOException {
        IdentitySplit split = IdentitySplit.read(splitFile);
        String outName = out != null ? out : input + "-trained-" + split.name();
        Path run = runDir != null ? runDir : Path.of("reports", "train", outName);
        refuseForeignRunFolder(run, dataRoot);
        TrainConfig cfg = new TrainConfig(dataRoot, splitFile, weightsDir, input, outName, trainLayers, miner, margin,
                p, k, lr, epochs, patience, maxMinutes, stepsPerEpoch, valImages, seed, run,
                cacheDir != null ? cacheDir : Path.of("cache", "features")).with(guidance, augmentation, originals)
                .withMaxSteps(stepBudget);
        TrainingState s = new TrainingRun(cfg).run();
        trained.add(outName);
        System.out.printf("%s: %s; best validation AUC %.4f at epoch %d -> %s ; report in %s%n", split.name(),
                s.stopReason, s.bestAuc, s.bestEpoch, ModelStore.paramsFile(weightsDir, outName), run);
        if (s.bestEpoch < 1) {
            System.err.println("warning: no epoch beat the starting model on validation for " + split.name());
        }
        return s;
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
