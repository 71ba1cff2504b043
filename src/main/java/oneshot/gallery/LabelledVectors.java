package oneshot.gallery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classifier head's training input: the labels as class indices (in order of first appearance) and the vectors at unit
 * length, as the gallery stores them; checked once for both heads.
 */
record LabelledVectors(String[] classes, int[] classOf, float[][] unit, int dim) {
    static LabelledVectors of(String[] labels, float[][] vectors) {
        if (labels.length != vectors.length || labels.length == 0) {
            throw new GalleryException("need as many labels as vectors, and at least one: " + labels.length + " labels, "
                    + vectors.length + " vectors");
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        int[] classOf = new int[labels.length];
        float[][] unit = new float[vectors.length][];
        int dim = vectors[0].length;
        for (int i = 0; i < labels.length; i++) {
            if (vectors[i].length != dim) {
                throw new GalleryException("vector " + i + " has " + vectors[i].length + " dimensions, the first " + dim);
            }
            classOf[i] = index.computeIfAbsent(labels[i], k -> index.size());
            unit[i] = Vectors.normalized(vectors[i]);
        }
        return new LabelledVectors(index.keySet().toArray(new String[0]), classOf, unit, dim);
    }
}
