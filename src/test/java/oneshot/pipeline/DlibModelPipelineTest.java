package oneshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import oneshot.SharedData;
import oneshot.eval.Distance;
import oneshot.gallery.EncodedFace;
import org.junit.jupiter.api.Test;

/**
 * The model decides its alignment: the encoder behind Enroll, Identify, Verify and the facade, opened for dlib-resnet34,
 * feeds it 150x150 dlib chips, and its vectors land next to face-api.js's descriptors of real dlib's chips (golden) of the
 * same photos. They are not equal: our landmarks start from MTCNN boxes, dlib's from its HOG detector (1.1 px apart on
 * bbt, DlibChipPipelineGoldenTest).
 */
class DlibModelPipelineTest {
    @Test
    void dlibModelGetsDlibChipsAndLandsOnTheGoldenDescriptors() throws Exception {
        Path golden = SharedData.require("golden/dlib-chip/bbt");
        List<String> lines = Files.readAllLines(golden.resolve("descriptors.csv"));
        double worst = 0;
        double sum = 0;
        double nearestOther = Double.MAX_VALUE;
        float[][] ref = new float[lines.size() - 1][];
        String[] names = new String[ref.length];
        for (int r = 1; r < lines.size(); r++) {
            String[] f = lines.get(r).split(",");
            float[] v = new float[128];
            for (int i = 0; i < 128; i++) {
                v[i] = Float.parseFloat(f[i + 1]);
            }
            ref[r - 1] = unit(v);
            names[r - 1] = f[0];
        }
        try (PipelineFaceEncoder enc = PipelineFaceEncoder.open("dlib-resnet34")) {
            assertTrue(enc.modelId().startsWith("dlibr34-"), enc.modelId());
            for (int k = 0; k < ref.length; k++) {
                List<EncodedFace> faces = enc.encode(SharedData.require("data/bbt").resolve(names[k]));
                int best = 0;
                for (int i = 1; i < faces.size(); i++) {
                    best = faces.get(i).box().area() > faces.get(best).box().area() ? i : best;
                }
                EncodedFace face = faces.get(best);
                assertEquals("dlib-chip-150", face.alignment(), names[k]);
                assertEquals(150, face.crop().width(), names[k]);
                assertEquals(150, face.crop().height(), names[k]);
                double d = Distance.SQUARED_L2.between(face.embedding(), ref[k]);
                worst = Math.max(worst, d);
                sum += d;
                String person = names[k].substring(0, names[k].indexOf('/'));
                for (int j = 0; j < ref.length; j++) {
                    if (!names[j].startsWith(person + "/")) {
                        nearestOther = Math.min(nearestOther, Distance.SQUARED_L2.between(face.embedding(), ref[j]));
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "dlib-resnet34 through the pipeline vs golden (bbt, 40): mean %.4f, max %.4f;"
                + " nearest other person %.4f%n", sum / ref.length, worst, nearestOther);
        // every photo stays far inside the same-person threshold (0.19 on LFW) of its golden vector, and nearer to it
        // than to any golden vector of another person
        assertTrue(worst < 0.08, "max squared L2 to the golden descriptor " + worst);
        assertTrue(worst < nearestOther, "max " + worst + " vs nearest other person " + nearestOther);
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / Math.sqrt(n));
        }
        return u;
    }
}
