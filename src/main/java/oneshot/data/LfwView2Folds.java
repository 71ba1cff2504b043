package oneshot.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The people in each of the 10 folds of LFW View 2 ({@code pairs.txt}), read only to decide who a model may train on.
 *
 * <p>A deliberately small reader: the pairs themselves, for evaluation, belong to the evaluation package. Format: a header
 * {@code <folds> <n>}, then per fold n matched lines {@code name i j} and n mismatched lines {@code name1 i name2 j}.
 */
public final class LfwView2Folds {
    private final List<Set<String>> folds;

    private LfwView2Folds(List<Set<String>> folds) {
        this.folds = folds;
    }

    public static LfwView2Folds read(Path pairsTxt) throws IOException {
        if (!Files.isRegularFile(pairsTxt)) {
            throw new IOException("LFW pairs file " + pairsTxt + " does not exist");
        }
        List<String> lines = Files.readAllLines(pairsTxt, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(pairsTxt + " is empty; expected a header '<folds> <pairs per half-fold>'");
        }
        String[] head = lines.get(0).trim().split("\\s+");
        int nFolds;
        int n;
        try {
            nFolds = Integer.parseInt(head[0]);
            n = Integer.parseInt(head[1]);
        } catch (RuntimeException e) {
            throw new IOException(pairsTxt + " line 1: expected '<folds> <pairs per half-fold>', got '" + lines.get(0) + "'");
        }
        int expected = 1 + nFolds * 2 * n;
        if (lines.size() < expected) {
            throw new IOException(pairsTxt + " has " + lines.size() + " lines, the header promises " + expected
                    + " (truncated file?)");
        }
        List<Set<String>> folds = new ArrayList<>();
        int line = 1;
        for (int f = 0; f < nFolds; f++) {
            Set<String> people = new TreeSet<>();
            for (int i = 0; i < 2 * n; i++, line++) {
                String[] t = lines.get(line).trim().split("\\s+");
                boolean matched = i < n;
                if (matched && t.length == 3) {
                    people.add(t[0]);
                } else if (!matched && t.length == 4) {
                    people.add(t[0]);
                    people.add(t[2]);
                } else {
                    throw new IOException(pairsTxt + " line " + (line + 1) + ": expected a "
                            + (matched ? "matched pair 'name i j'" : "mismatched pair 'name1 i name2 j'")
                            + ", got '" + lines.get(line) + "'");
                }
            }
            folds.add(Collections.unmodifiableSet(people));
        }
        return new LfwView2Folds(Collections.unmodifiableList(folds));
    }

    public int foldCount() { return folds.size(); }

    /** People appearing in fold {@code fold} (1-based, as LFW numbers them). */
    public Set<String> people(int fold) {
        if (fold < 1 || fold > folds.size()) {
            throw new IllegalArgumentException("LFW fold " + fold + " does not exist (1.." + folds.size() + ")");
        }
        return folds.get(fold - 1);
    }

    /** People appearing in any of the given folds (1-based). */
    public Set<String> people(Iterable<Integer> foldNumbers) {
        Set<String> all = new TreeSet<>();
        for (int f : foldNumbers) {
            all.addAll(people(f));
        }
        return all;
    }
}
