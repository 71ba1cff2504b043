package oneshot.net;

import ai.djl.ndarray.NDArray;

/**
 * A folded conv that computes either half of its output channels on its own: half 0 is channels [0, O/2), half 1 is
 * [O/2, O), each with the conv's activation, and the two concatenated on channels are the whole conv's output. Plain
 * arithmetic on weight views made once at folding; who runs which half where is up to the caller.
 */
public interface ChannelHalves {
    /** The layer's name (Keras-OpenFace name or manifest prefix). */
    String name();

    boolean isFolded();

    /** Half {@code half} (0 or 1) of the folded conv's output for {@code x}; only once {@link #isFolded()}. */
    NDArray foldedHalf(NDArray x, int half);
}
