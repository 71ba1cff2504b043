package oneshot.gallery;

import java.util.List;

/** A person's template: the re-normalised mean of their unit vectors (the same rule the index applies). */
public final class Templates {
    private Templates() {}

    public static float[] of(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new GalleryException("no vectors to make a template from");
        }
        float[] sum = new float[vectors.get(0).length];
        for (float[] v : vectors) {
            float[] unit = Vectors.normalized(v);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += unit[i];
            }
        }
        return Vectors.normalized(sum);
    }
}
