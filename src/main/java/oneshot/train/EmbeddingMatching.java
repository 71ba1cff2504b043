package oneshot.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Embedding-level distillation: each student embedding is pulled onto the teacher's embedding of the same face,
 * mean over the batch of the squared L2 distance between the two unit vectors (= 2 - 2 cos).
 *
 * <p>Unlike {@link DistanceDistillation}, which only teaches the pattern of distances inside a batch, this gives every
 * image a target of its own, one-image people included, and asks the student to take over the teacher's space. Both
 * networks must give vectors of the same length (nn4.small2 and dlib's ResNet both give 128), and the layers that set
 * the output space (the dense layer) must train, or the student can only rotate as far as its trainable layers allow.
 */
public final class EmbeddingMatching {

    /** @param value the loss (NaN when none), @param meanCosine mean cosine of the student and teacher vectors */
    public record Result(NDArray loss, float value, float meanCosine) {
        public boolean hasLoss() {
            return loss != null;
        }
    }

    /**
     * @param student N x D unit embeddings of the student (differentiable)
     * @param teacher N unit teacher embeddings of the same faces, in the same order
     */
    public Result compute(NDArray student, float[][] teacher) {
        long[] shape = student.getShape().getShape();
        if (shape.length != 2 || shape[0] != teacher.length) {
            throw new IllegalArgumentException("Student embeddings of shape " + student.getShape() + " for "
                    + teacher.length + " teacher embeddings");
        }
        int n = teacher.length;
        if (n == 0) {
            return new Result(null, Float.NaN, Float.NaN);
        }
        int d = (int) shape[1];
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) {
            if (teacher[i].length != d) {
                throw new IllegalArgumentException("Teacher embeddings have " + teacher[i].length + " values, the"
                        + " student's " + d + ": matching embeddings needs a teacher of the student's length");
            }
            System.arraycopy(teacher[i], 0, flat, i * d, d);
        }
        NDManager m = student.getManager();
        NDArray t = m.create(flat, student.getShape());
        NDArray perFace = student.sub(t).square().sum(new int[] {1});
        NDArray loss = perFace.mean();
        float value = loss.getFloat();
        return new Result(loss, value, 1f - value / 2f);
    }
}
