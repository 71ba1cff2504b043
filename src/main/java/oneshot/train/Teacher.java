package oneshot.train;

import java.util.List;
import oneshot.align.FaceLandmarks;
import oneshot.image.RgbImage;

/**
 * A face-embedding network that guides training (the dlib ResNet): it makes its own input crop from the same 68
 * landmarks the student's crop was made from, and embeds it. Its embeddings are used as unit vectors.
 */
public interface Teacher extends AutoCloseable {

    /** Identifies the weights and input convention; part of every teacher-target cache key. */
    String id();

    /** Embedding length. */
    int dimension();

    /** The teacher's own crop of a face in {@code original}, from its 68 landmarks (original pixel coordinates). */
    RgbImage chip(RgbImage original, FaceLandmarks landmarks68);

    /** Embeddings of crops made by {@link #chip}, one row each. */
    float[][] embed(List<RgbImage> chips);

    @Override
    void close();
}
