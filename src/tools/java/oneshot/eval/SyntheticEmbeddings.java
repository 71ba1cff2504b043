package oneshot.eval;

import java.util.List;
import java.util.Random;
import oneshot.embed.EmbeddingTable;

/**
 * Made-up unit embeddings for benchmarks and tests: each identity gets a random centre, each image the centre plus Gaussian
 * noise, normalised. {@code noise} sets how hard the task is (0.0 = perfectly separable, ~0.1 per dimension = hard).
 * Says nothing about any real model.
 */
public final class SyntheticEmbeddings {
    private SyntheticEmbeddings() {}

    public static EmbeddingTable of(List<String> paths, List<String> labels, int dim, double noise, long seed) {
        java.util.Map<String, float[]> centres = new java.util.HashMap<>();
        float[][] v = new float[paths.size()][];
        Random rnd = new Random(seed);
        for (int i = 0; i < paths.size(); i++) {
            String label = labels.get(i);
            float[] c = centres.computeIfAbsent(label, k -> {
                Random r = new Random(seed * 31 + k.hashCode());
                float[] x = new float[dim];
                for (int d = 0; d < dim; d++) {
                    x[d] = (float) r.nextGaussian();
                }
                return normalise(x);
            });
            float[] x = new float[dim];
            for (int d = 0; d < dim; d++) {
                x[d] = (float) (c[d] + noise * rnd.nextGaussian());
            }
            v[i] = normalise(x);
        }
        return new EmbeddingTable("synthetic-noise" + noise + "-seed" + seed, paths, labels, v);
    }

    static float[] normalise(float[] x) {
        double n = 0;
        for (float f : x) {
            n += (double) f * f;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] / n);
        }
        return x;
    }
}
