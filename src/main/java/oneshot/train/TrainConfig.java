package oneshot.train;

import java.nio.file.Path;

/**
 * Everything one training run depends on; recorded in its summary so a figure can be traced to its settings.
 *
 * @param dataRoot          identity-folder dataset ({@code <identity>/<image>}); 96x96 images are taken as aligned
 * @param splitFile         the identity split ({@code data/splits/<name>.json}) naming train and validation people
 * @param weightsDir        where the input model lives and the trained model is written
 * @param inputModel        name of the starting model in {@code weightsDir}
 * @param outputModel       name of the best model written to {@code weightsDir}
 * @param layerPattern      regex of layers to train; null = the layers the import could not fill
 * @param miner             batch-all, batch-hard, semi-hard, openface, or offline-&lt;rule&gt; (table per epoch)
 * @param margin            triplet margin on squared L2 distances
 * @param identitiesPerBatch P
 * @param imagesPerIdentity  K
 * @param learningRate      Adam learning rate
 * @param maxEpochs         epoch limit
 * @param patience          epochs without a better validation AUC before stopping
 * @param maxMinutes        wall-clock budget of the training loop (cache building excluded); 0 = none
 * @param stepsPerEpoch     cap on steps per epoch; 0 = every P x K batch of the epoch
 * @param validationImagesPerIdentity cap on images per validation person (keeps validation time bounded)
 * @param seed              seeds sampling and mining
 * @param runDir            checkpoints, logs and report of this run
 * @param cacheDir          prefix feature caches and teacher targets (shared between runs)
 * @param guidance          teacher, distillation, teacher mining, one-image people per batch ({@link Guidance#NONE})
 * @param augmentation      seeded augmented variants per image ({@link Augmentation#NONE})
 * @param originals         folder of the original images behind an aligned dataset; null = the Align job's input
 * @param maxSteps          step budget: no epoch starts once this many optimiser steps are done; 0 = none
 * @param lrSchedule        constant, or cosine from {@code learningRate} down to 1 % over the planned steps
 * @param lrDrops           times the rate is divided by 10 when patience runs out, before the run stops (0 = stop)
 */
public record TrainConfig(Path dataRoot, Path splitFile, Path weightsDir, String inputModel, String outputModel,
                          String layerPattern, String miner, float margin, int identitiesPerBatch,
                          int imagesPerIdentity, float learningRate, int maxEpochs, int patience, double maxMinutes,
                          int stepsPerEpoch, int validationImagesPerIdentity, long seed, Path runDir, Path cacheDir,
                          Guidance guidance, Augmentation augmentation, Path originals, int maxSteps,
                          LearningRateSchedule.Shape lrSchedule, int lrDrops) {

    /** The plain triplet run (no teacher, no augmentation). */
    public TrainConfig(Path dataRoot, Path splitFile, Path weightsDir, String inputModel, String outputModel,
                       String layerPattern, String miner, float margin, int identitiesPerBatch, int imagesPerIdentity,
                       float learningRate, int maxEpochs, int patience, double maxMinutes, int stepsPerEpoch,
                       int validationImagesPerIdentity, long seed, Path runDir, Path cacheDir) {
        this(dataRoot, splitFile, weightsDir, inputModel, outputModel, layerPattern, miner, margin, identitiesPerBatch,
                imagesPerIdentity, learningRate, maxEpochs, patience, maxMinutes, stepsPerEpoch,
                validationImagesPerIdentity, seed, runDir, cacheDir, Guidance.NONE, Augmentation.NONE, null, 0,
                LearningRateSchedule.Shape.CONSTANT, 0);
    }

    /** This configuration with another guidance, augmentation and originals folder. */
    public TrainConfig with(Guidance g, Augmentation a, Path originalsRoot) {
        return new TrainConfig(dataRoot, splitFile, weightsDir, inputModel, outputModel, layerPattern, miner, margin,
                identitiesPerBatch, imagesPerIdentity, learningRate, maxEpochs, patience, maxMinutes, stepsPerEpoch,
                validationImagesPerIdentity, seed, runDir, cacheDir, g, a, originalsRoot, maxSteps, lrSchedule, lrDrops);
    }

    /** This configuration with a step budget (0 = none). */
    public TrainConfig withMaxSteps(int steps) {
        return new TrainConfig(dataRoot, splitFile, weightsDir, inputModel, outputModel, layerPattern, miner, margin,
                identitiesPerBatch, imagesPerIdentity, learningRate, maxEpochs, patience, maxMinutes, stepsPerEpoch,
                validationImagesPerIdentity, seed, runDir, cacheDir, guidance, augmentation, originals, steps,
                lrSchedule, lrDrops);
    }

    /** This configuration with another learning-rate schedule. */
    public TrainConfig withLrSchedule(LearningRateSchedule.Shape schedule) {
        return new TrainConfig(dataRoot, splitFile, weightsDir, inputModel, outputModel, layerPattern, miner, margin,
                identitiesPerBatch, imagesPerIdentity, learningRate, maxEpochs, patience, maxMinutes, stepsPerEpoch,
                validationImagesPerIdentity, seed, runDir, cacheDir, guidance, augmentation, originals, maxSteps,
                schedule, lrDrops);
    }

    /** This configuration with another number of learning-rate drops on a validation plateau. */
    public TrainConfig withLrDrops(int drops) {
        if (drops < 0) {
            throw new IllegalArgumentException("Learning-rate drops must be >= 0, got " + drops);
        }
        return new TrainConfig(dataRoot, splitFile, weightsDir, inputModel, outputModel, layerPattern, miner, margin,
                identitiesPerBatch, imagesPerIdentity, learningRate, maxEpochs, patience, maxMinutes, stepsPerEpoch,
                validationImagesPerIdentity, seed, runDir, cacheDir, guidance, augmentation, originals, maxSteps,
                lrSchedule, drops);
    }

    /** True for {@code offline-<miner>}: triplets chosen on embeddings computed at the start of each epoch. */
    public boolean isOffline() {
        return miner.startsWith("offline-");
    }

    /**
     * A miner by its command-line name (for offline mining, the selection rule used on the cached table), seeded per
     * epoch so a resumed epoch mines like the original.
     */
    public TripletMiner newMiner(int epoch) {
        String rule = isOffline() ? miner.substring("offline-".length()) : miner;
        return switch (rule) {
            case "batch-all" -> new BatchAllMiner(margin, true);
            case "batch-hard" -> new BatchHardMiner();
            case "semi-hard" -> new SemiHardMiner(margin);
            case "openface" -> new RandomViolatingNegativeMiner(margin, seed * 31 + epoch);
            default -> throw new IllegalArgumentException("Unknown miner '" + miner
                    + "' (batch-all, batch-hard, semi-hard, openface, or offline-<one of those>)");
        };
    }
}
