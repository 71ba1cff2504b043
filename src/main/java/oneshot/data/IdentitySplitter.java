package oneshot.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws identity-disjoint train / validation / test splits, reproducibly from a seed.
 *
 * <p>Validation identities are drawn only among people with at least two images, because validation scores genuine
 * pairs; people with one image stay useful in training as negatives.
 */
public final class IdentitySplitter {
    private IdentitySplitter() {}

    /**
     * A seeded random split of a user's identity-folder dataset.
     *
     * @param validationFraction fraction of the multi-image identities used for validation
     * @param testFraction       fraction of all identities held out for testing
     */
    public static IdentitySplit random(String name, IdentityFolder data, double validationFraction,
                                       double testFraction, long seed) {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation (" + validationFraction + ") and test (" + testFraction
                    + ") fractions must be >= 0 and leave identities to train on");
        }
        Random rnd = new Random(seed);
        List<String> all = new ArrayList<>(data.identities());
        Collections.shuffle(all, rnd);
        int nTest = (int) Math.round(all.size() * testFraction);
        List<String> test = new ArrayList<>(all.subList(0, nTest));
        List<String> rest = all.subList(nTest, all.size());
        int nVal = (int) Math.round(countMultiImage(data, rest) * validationFraction);
        List<String> validation = pickMultiImage(data, rest, nVal, rnd);
        List<String> train = minus(rest, validation);
        return new IdentitySplit(name, seed,
                "random identity split: test " + testFraction + " of identities, validation " + validationFraction
                        + " of the remaining identities with >= 2 images", describe(data.root()),
                sorted(train), sorted(validation), sorted(test));
    }

    /**
     * LFW View 2 split: everyone appearing in {@code testFolds} is test-only; validation identities are drawn from
     * the others; every remaining LFW person (other folds, or in no fold at all) may be trained on.
     */
    public static IdentitySplit lfwView2(String name, IdentityFolder lfw, LfwView2Folds folds,
                                         Collection<Integer> testFolds, int validationIdentities, long seed) {
        Set<String> test = folds.people(testFolds);
        Set<String> inDataset = new HashSet<>(lfw.identities());
        for (String person : test) {
            if (!inDataset.contains(person)) {
                throw new IllegalArgumentException("LFW pairs name '" + person + "', which has no folder under "
                        + lfw.root());
            }
        }
        List<String> rest = new ArrayList<>();
        for (String id : lfw.identities()) {
            if (!test.contains(id)) {
                rest.add(id);
            }
        }
        List<String> validation = pickMultiImage(lfw, rest, validationIdentities, new Random(seed));
        List<String> train = minus(rest, validation);
        return new IdentitySplit(name, seed,
                "LFW View 2: test = people of folds " + new TreeSet<>(testFolds) + "; validation = " + validationIdentities
                        + " seeded people with >= 2 images among the rest; train = every other LFW person",
                describe(lfw.root()), sorted(train), sorted(validation), new ArrayList<>(new TreeSet<>(test)));
    }

    /** The dataset path relative to the working directory when possible, so split files read the same on any machine. */
    static String describe(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        try {
            return Path.of("").toAbsolutePath().relativize(abs).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return abs.toString();
        }
    }

    private static int countMultiImage(IdentityFolder data, List<String> ids) {
        int[] counts = imagesPerIdentity(data);
        int n = 0;
        for (String id : ids) {
            if (counts[Collections.binarySearch(data.identities(), id)] >= 2) {
                n++;
            }
        }
        return n;
    }

    private static List<String> pickMultiImage(IdentityFolder data, List<String> candidates, int n, Random rnd) {
        int[] counts = imagesPerIdentity(data);
        List<String> eligible = new ArrayList<>();
        List<String> ids = data.identities();
        for (String id : sorted(candidates)) {
            if (counts[Collections.binarySearch(ids, id)] >= 2) {
                eligible.add(id);
            }
        }
        if (n > eligible.size()) {
            throw new IllegalArgumentException("Asked for " + n + " validation identities, only " + eligible.size()
                    + " candidates have >= 2 images");
        }
        Collections.shuffle(eligible, rnd);
        return new ArrayList<>(eligible.subList(0, n));
    }

    static int[] imagesPerIdentity(IdentityFolder data) {
        int[] counts = new int[data.identities().size()];
        for (int i = 0; i < data.size(); i++) {
            counts[data.label(i)]++;
        }
        return counts;
    }

    private static List<String> minus(List<String> all, List<String> remove) {
        Set<String> r = new HashSet<>(remove);
        List<String> out = new ArrayList<>();
        for (String s : all) {
            if (!r.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<String> sorted(Collection<String> c) {
        List<String> l = new ArrayList<>(c);
        Collections.sort(l);
        return l;
    }
}
