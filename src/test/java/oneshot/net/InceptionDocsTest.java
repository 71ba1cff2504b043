package oneshot.net;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * inception/weights.tsv is the weight-name map a person reads; it must say what the code does.
 * Regenerate with -Doneshot.regenerate=true.
 */
class InceptionDocsTest {
    @Test
    void weightMapMatchesTheCode() throws IOException {
        List<String> rows = new ArrayList<>();
        rows.add("tensor\tshape\tlayer\tdjl_parameter\tvalues");
        long total = 0;
        for (TensorSpec t : new WeightLayout(new Nn4Small2(LrnMode.TORCH)).tensors()) {
            String shape = t.shape().toString().replace("(", "").replace(")", "").replace(", ", "x");
            rows.add(t.name() + "\t" + shape + "\t" + t.layer() + "\t" + t.parameter() + "\t" + t.size());
            if (!t.parameter().startsWith("running")) {
                total += t.size();
            }
        }
        assertEquals(Nn4Small2.TRAINABLE_PARAMETERS, total);
        Path file = Path.of("inception/weights.tsv");
        String expected = String.join("\n", rows) + "\n";
        if (Boolean.getBoolean("oneshot.regenerate")) {
            Files.writeString(file, expected);
        }
        assertEquals(expected, Files.readString(file), "inception/weights.tsv is stale: regenerate with -Doneshot.regenerate=true");
    }
}
