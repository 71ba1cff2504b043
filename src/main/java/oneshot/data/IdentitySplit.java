package oneshot.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which identities a model may train on, which ones decide early stopping, and which ones only a test may see.
 *
 * <p>The three sets are disjoint: that is checked on construction and again on reading, so no figure can come from a
 * model that saw its test identities. Written as {@code data/splits/<name>.json} beside the figures it explains.
 *
 * @param name       file name stem, e.g. {@code lfw-view2-test-folds-1-5}
 * @param seed       the seed the split was drawn with
 * @param protocol   how it was made, in words (e.g. which LFW folds are held out)
 * @param dataset    the dataset folder it refers to, as given by the user
 * @param train      identities the model may train on
 * @param validation identities used only to choose the epoch (early stopping)
 * @param test       identities no training or model selection may see
 */
public record IdentitySplit(String name, long seed, String protocol, String dataset,
                            List<String> train, List<String> validation, List<String> test) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public IdentitySplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
        checkDisjoint(name, train, validation, test);
    }

    private static void checkDisjoint(String name, List<String> train, List<String> validation, List<String> test) {
        Set<String> seen = new HashSet<>();
        for (List<String> part : List.of(train, validation, test)) {
            for (String id : part) {
                if (!seen.add(id)) {
                    throw new IllegalArgumentException("Split " + name + ": identity '" + id
                            + "' appears twice (train, validation and test must be disjoint)");
                }
            }
        }
    }

    public Path file(Path splitsDir) {
        return splitsDir.resolve(name + ".json");
    }

    /** Writes {@code <splitsDir>/<name>.json} atomically and returns its path. */
    public Path write(Path splitsDir) throws IOException {
        Path target = file(splitsDir);
        oneshot.io.AtomicFiles.writeString(target, GSON.toJson(this) + "\n");
        return target;
    }

    public static IdentitySplit read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("Cannot read identity split " + file + ": " + e.getMessage(), e);
        }
        IdentitySplit raw;
        try {
            raw = GSON.fromJson(text, IdentitySplit.class);
        } catch (JsonParseException e) {
            throw new IOException("Identity split " + file + " is not valid JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Gson builds records through the checking constructor: an overlap or a missing list surfaces here.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("Identity split " + file + " is invalid: " + cause.getMessage(), e);
        }
        if (raw == null || raw.name() == null || raw.train() == null || raw.validation() == null || raw.test() == null) {
            throw new IOException("Identity split " + file + " lacks one of the fields name, train, validation, test");
        }
        try {
            return new IdentitySplit(raw.name(), raw.seed(), raw.protocol(), raw.dataset(),
                    new ArrayList<>(raw.train()), new ArrayList<>(raw.validation()), new ArrayList<>(raw.test()));
        } catch (IllegalArgumentException e) {
            throw new IOException("Identity split " + file + " is invalid: " + e.getMessage(), e);
        }
    }
}
