package oneshot.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.io.AtomicFiles;

/**
 * Where a run stands, written atomically after every epoch beside its checkpoint: the finished epoch, the best
 * validation score so far, and the full step and epoch logs (the report is regenerated from them on resume).
 */
public final class TrainingState {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** One optimisation step. NaN loss with zero triplets means the batch had no valid triplet. */
    public static final class Step {
        public int epoch;
        public int step;
        public int images;
        public float loss;
        public int triplets;
        /** Anchor-positive pairs the miner considered; triplets / pairs shows how many found a usable negative. */
        public int candidatePairs;
        public float activeFraction;
        public float meanPositive;
        public float meanNegative;
        /** Triplet loss before weighting (NaN without a valid triplet); {@link #loss} is the back-propagated total. */
        public float tripletLoss;
        /** Distillation loss before weighting; NaN when off. */
        public float distillLoss;
        public int distillPairs;
        /** Pearson correlation of the student's and the teacher's squared distances in the batch; NaN without teacher. */
        public float teacherCorrelation;
        /** Embedding-matching loss before weighting (mean squared L2 to the teacher's vector); NaN when off. */
        public float matchLoss = Float.NaN;
        /** Adam's learning rate of this step (0 in runs from before the schedule was recorded). */
        public float learningRate;
    }

    /** One epoch's validation. Epoch 0 is the starting model. */
    public static final class Epoch {
        public int epoch;
        public int steps;
        public int stepsWithoutTriplet;
        public double meanLoss;
        public double meanActiveFraction;
        public double valAuc;
        public double valTarAtFar;
        public double valThreshold;
        public double seconds;
        public double imagesPerSecond;
    }

    public String splitName;
    public String layerPattern;
    public String miner;
    public long seed;
    /** Guidance and augmentation (null in runs from before they existed: plain triplet training). */
    public String recipe;
    /** Learning rate, margin, batch shape (null in runs from before it was recorded: not compared then). */
    public String optimiser;
    public String teacherId;
    public int lastEpoch = -1;
    public int bestEpoch = -1;
    public double bestAuc = Double.NEGATIVE_INFINITY;
    public int epochsWithoutImprovement;
    /** Times the learning rate was divided by 10 after a validation plateau (a drop, once done, stays done). */
    public int lrDrops;
    public double trainingSeconds;
    public String stopReason;
    public List<Step> steps = new ArrayList<>();
    public List<Epoch> epochs = new ArrayList<>();

    public static TrainingState read(Path file) throws IOException {
        try {
            TrainingState s = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), TrainingState.class);
            if (s == null || s.steps == null || s.epochs == null) {
                throw new IOException("Training state " + file + " is incomplete (steps or epochs missing)");
            }
            return s;
        } catch (JsonParseException e) {
            throw new IOException("Training state " + file + " is not valid JSON: " + e.getMessage()
                    + " (delete the run folder to start over)", e);
        }
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(this) + "\n");
    }
}
