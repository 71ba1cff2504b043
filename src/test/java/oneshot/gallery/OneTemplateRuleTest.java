package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import oneshot.eval.Distance;
import oneshot.eval.Templates;
import org.junit.jupiter.api.Test;

/**
 * Evaluate's templates and distances are the gallery's: vectors of different lengths (what a model without a final
 * L2 layer, or a stored table, can hold) give one template whichever side builds it. Evaluate once summed the raw vectors,
 * so a long vector outweighed the others there and not in the gallery.
 */
class OneTemplateRuleTest {
    @Test
    void theIndexTheVerifierAndEvaluateBuildTheSameTemplateAndDistance() {
        Random rnd = new Random(5);
        float[] a = new float[128], b = new float[128], probe = new float[128];
        for (int i = 0; i < 128; i++) {
            a[i] = (float) rnd.nextGaussian();
            b[i] = (float) (5 * rnd.nextGaussian()); // five times longer
            probe[i] = (float) rnd.nextGaussian();
        }
        float[] template = Templates.of(List.of(a, b));
        try (GalleryIndex index = new GalleryIndex.Builder("m", 1).add("ann", a).add("ann", b).build()) {
            assertArrayEquals(template, index.template("ann").orElseThrow(), 1e-6f);
            double expected = Distance.SQUARED_L2.between(Templates.unit(probe), template);
            assertEquals(expected, index.search(probe, 1).get(0).distance(), 1e-5);
        }
        float[] rawMean = new float[128];
        for (int i = 0; i < 128; i++) {
            rawMean[i] = a[i] + b[i];
        }
        double differs = Distance.SQUARED_L2.between(Templates.unit(rawMean), template);
        assertEquals(true, differs > 1e-3, "the raw-sum rule is a different template: " + differs);
    }
}
