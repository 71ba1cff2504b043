package oneshot.train;

import java.util.Locale;

/**
 * A named set of {@code Train} defaults; every option given on the command line overrides its value here.
 *
 * <p>{@link #TEACHER} is the best recipe measured in docs/training.md (fifth round: every layer after inception_3b and
 * the dense layer, each student vector pulled onto dlib-resnet34's, 32 one-image people per batch, hard triplets chosen
 * by the teacher, two augmented variants per image), with an epoch cap so the main job fits its time budget.
 * {@link #WHOLE} is the most accurate row (tenth round: 0.9403 on LFW View 2): the teacher recipe on every layer, four
 * variants, run to its early stop after one learning-rate drop, without a time budget; several hours on 2 cores.
 * {@link #TRIPLET} is the recipe before the teacher: the five layers the import could not fill, triplets of the training
 * people alone. The teacher reads its own chip from the Align job's landmarks ({@code align.csv}), so a dataset without
 * them can only take the triplet recipe.
 *
 * @param name          as given to {@code --recipe}
 * @param teacher       teacher name, or null
 * @param matchWeight   embedding matching weight (0 = off)
 * @param learningRate  Adam learning rate
 * @param layerPattern  layers to train; null = the layers the import could not fill
 * @param singletons    one-image people per batch
 * @param mineOnTeacher triplets mined on the teacher's distances
 * @param augment       augmented variants per image besides the original
 * @param maxEpochs     epoch limit
 * @param flipAverage   the trained model averages each face with its mirror image when it embeds
 * @param lrDrops       learning-rate drops on a plateau before early stopping
 * @param maxMinutes    training-loop budget per model (0 = none)
 * @param modelTag      the trained models are named {@code <model>-<tag>-<split>}
 */
public record Recipe(String name, String teacher, float matchWeight, float learningRate, String layerPattern,
                     int singletons, boolean mineOnTeacher, int augment, int maxEpochs,
                     boolean flipAverage, int lrDrops, double maxMinutes, String modelTag) {

    /** Every conv after inception_3b (the cached prefix ends there) and the dense layer. */
    public static final String AFTER_3B = "inception_(3c|4[a-e]|5[ab])_.*|dense";

    /** The loop budget of the recipes made to fit the main job's time. */
    public static final double MAIN_JOB_MINUTES = 22;

    public static final Recipe TRIPLET = new Recipe("triplet", null, 0f, 0.001f, null, 0, false, 0, 30,
            false, 0, MAIN_JOB_MINUTES, "trained");

    public static final Recipe TEACHER = new Recipe("teacher", DlibResNetTeacher.NAME, 10f, 0.0003f, AFTER_3B, 32, true,
            2, 12, true, 0, MAIN_JOB_MINUTES, "teacher");

    public static final Recipe WHOLE = new Recipe("whole", DlibResNetTeacher.NAME, 10f, 0.0003f, ".*", 32, true,
            4, 40, true, 1, 0, "whole");

    /** By its {@code --recipe} name. */
    public static Recipe named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "triplet" -> TRIPLET;
            case "teacher" -> TEACHER;
            case "whole" -> WHOLE;
            default -> throw new IllegalArgumentException("Unknown recipe '" + name + "' (teacher, whole, triplet)");
        };
    }

    public boolean usesTeacher() {
        return teacher != null;
    }

    /** The main job's 10-fold report of the two half models: one per recipe that has its own models. */
    public java.nio.file.Path tenFoldReport() {
        return java.nio.file.Path.of("reports", "train", this == WHOLE ? "lfw-view2-10fold-whole.json" : "lfw-view2-10fold.json");
    }
}
