package oneshot.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.SharedData;
import oneshot.data.IdentityFolder;
import oneshot.data.IdentitySplit;
import oneshot.data.IdentitySplitter;
import oneshot.data.LfwView2Folds;

/**
 * The two LFW View 2 training splits: one model never sees the people of folds 1-5 (it is tested there), the other
 * never sees folds 6-10. Together they give an honest 10-fold figure. Run as a program to (re)write
 * {@code data/splits/*.json}; the split is a pure function of the LFW folder, pairs.txt and the seed.
 */
public final class LfwHalfSplits {
    /** Validation people (>= 2 images each) held out from training for early stopping. */
    public static final int VALIDATION_IDENTITIES = 150;
    public static final long SEED = 20261123L;

    private LfwHalfSplits() {}

    /** Name of the split whose test identities are the people of {@code firstFold..lastFold}. */
    public static String name(int firstFold, int lastFold) {
        return "lfw-view2-test-folds-" + firstFold + "-" + lastFold;
    }

    /** Name of the split of the published model: every LFW person except the validation people. */
    public static final String PUBLISH = "lfw-all-but-validation";

    /**
     * The published model's split: every LFW person trains except {@link #VALIDATION_IDENTITIES} seeded validation
     * people (early stopping only); no test people, so no figure may come from a model trained on it.
     */
    public static IdentitySplit publishSplit(IdentityFolder lfw, Path pairsTxt, long seed) throws IOException {
        return IdentitySplitter.lfwView2(PUBLISH, lfw, LfwView2Folds.read(pairsTxt), List.of(), VALIDATION_IDENTITIES,
                seed);
    }

    public static List<IdentitySplit> make(IdentityFolder lfw, Path pairsTxt, long seed) throws IOException {
        LfwView2Folds folds = LfwView2Folds.read(pairsTxt);
        List<IdentitySplit> out = new ArrayList<>();
        out.add(IdentitySplitter.lfwView2(name(1, 5), lfw, folds, List.of(1, 2, 3, 4, 5), VALIDATION_IDENTITIES, seed));
        out.add(IdentitySplitter.lfwView2(name(6, 10), lfw, folds, List.of(6, 7, 8, 9, 10), VALIDATION_IDENTITIES,
                seed));
        return out;
    }

    public static void main(String[] args) throws IOException {
        Path lfwRoot = args.length > 0 ? Path.of(args[0]) : SharedData.lfw();
        Path splitsDir = Path.of(args.length > 1 ? args[1] : "data/splits");
        IdentityFolder lfw = IdentityFolder.scan(lfwRoot);
        List<IdentitySplit> all = new ArrayList<>(make(lfw, lfwRoot.resolve("pairs.txt"), SEED));
        all.add(publishSplit(lfw, lfwRoot.resolve("pairs.txt"), SEED));
        for (IdentitySplit s : all) {
            Path f = s.write(splitsDir);
            System.out.printf("%s: train %d, validation %d, test %d identities -> %s%n", s.name(), s.train().size(),
                    s.validation().size(), s.test().size(), f);
        }
    }
}
