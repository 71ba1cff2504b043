package oneshot.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An LFW pairs file: View 2 ({@code pairs.txt}, first line "10 300": 10 folds, each 300 matched then 300 mismatched pairs) or
 * View 1 ({@code pairsDevTrain.txt} / {@code pairsDevTest.txt}, first line "N": N matched then N mismatched pairs, one fold).
 *
 * <p>Matched lines are {@code name i j}, mismatched lines {@code name1 i name2 j}; image {@code i} of {@code name} is
 * {@code name/name_000i.jpg} below the LFW root. Folds are in file order, as OpenFace's {@code evaluation/lfw.py} takes them
 * ({@code KFold(shuffle=False)}).
 */
public final class PairsProtocol {

    /** One pair; {@code fold} is 0-based. */
    public record Pair(String name1, int image1, String name2, int image2, boolean same, int fold) {
        public String path1() { return imagePath(name1, image1); }
        public String path2() { return imagePath(name2, image2); }
    }

    private final Path source;
    private final int folds;
    private final int perFold;
    private final List<Pair> pairs;

    private PairsProtocol(Path source, int folds, int perFold, List<Pair> pairs) {
        this.source = source;
        this.folds = folds;
        this.perFold = perFold;
        this.pairs = List.copyOf(pairs);
    }

    public Path source() { return source; }
    /** Number of folds (10 for View 2, 1 for View 1). */
    public int folds() { return folds; }
    /** Matched pairs per fold (equal to mismatched pairs per fold). */
    public int matchedPerFold() { return perFold; }
    public List<Pair> pairs() { return pairs; }
    public int size() { return pairs.size(); }

    /** LFW's relative image path, {@code name/name_0001.jpg}. */
    public static String imagePath(String name, int index) {
        return name + "/" + name + "_" + String.format("%04d", index) + ".jpg";
    }

    public static PairsProtocol read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Pairs file " + file + " does not exist or is not a file");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first >= lines.size()) {
            throw new IOException(file + ": empty pairs file");
        }
        String[] head = lines.get(first).trim().split("\\s+");
        int folds;
        int perFold;
        try {
            if (head.length == 2) {
                folds = Integer.parseInt(head[0]);
                perFold = Integer.parseInt(head[1]);
            } else if (head.length == 1) {
                folds = 1;
                perFold = Integer.parseInt(head[0]);
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + (first + 1) + ": expected '<folds> <pairs per fold>' (View 2) or "
                    + "'<pairs>' (View 1), got '" + lines.get(first).trim() + "'");
        }
        if (folds <= 0 || perFold <= 0) {
            throw new IOException(file + " line " + (first + 1) + ": fold counts must be positive");
        }
        List<Pair> pairs = new ArrayList<>(2 * folds * perFold);
        int lineNo = first + 1;
        for (int f = 0; f < folds; f++) {
            for (int k = 0; k < 2 * perFold; k++) {
                while (lineNo < lines.size() && lines.get(lineNo).isBlank()) {
                    lineNo++;
                }
                if (lineNo >= lines.size()) {
                    throw new IOException(file + ": truncated: header promises " + folds + " folds x (" + perFold + " + "
                            + perFold + ") pairs = " + (2 * folds * perFold) + ", found only " + pairs.size());
                }
                boolean expectSame = k < perFold;
                pairs.add(parse(file, lineNo, lines.get(lineNo), expectSame, f));
                lineNo++;
            }
        }
        for (; lineNo < lines.size(); lineNo++) {
            if (!lines.get(lineNo).isBlank()) {
                throw new IOException(file + " line " + (lineNo + 1) + ": more pairs than the header promises ("
                        + (2 * folds * perFold) + ")");
            }
        }
        return new PairsProtocol(file, folds, perFold, pairs);
    }

    private static Pair parse(Path file, int lineNo, String line, boolean expectSame, int fold) throws IOException {
        String[] t = line.trim().split("\\s+");
        try {
            if (t.length == 3 && expectSame) {
                return new Pair(t[0], index(t[1]), t[0], index(t[2]), true, fold);
            }
            if (t.length == 4 && !expectSame) {
                return new Pair(t[0], index(t[1]), t[2], index(t[3]), false, fold);
            }
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + (lineNo + 1) + ": image numbers must be positive integers: '"
                    + line.trim() + "'");
        }
        throw new IOException(file + " line " + (lineNo + 1) + ": expected a " + (expectSame ? "matched pair 'name i j'"
                : "mismatched pair 'name1 i name2 j'") + " in fold " + (fold + 1) + ", got '" + line.trim() + "'");
    }

    private static int index(String s) {
        int i = Integer.parseInt(s);
        if (i <= 0) {
            throw new NumberFormatException(s);
        }
        return i;
    }
}
