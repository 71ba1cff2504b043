package oneshot.net;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * What the embedder needs of a face network, whichever it is (nn4.small2, dlib's ResNet): one DJL block that maps
 * N x 3 x S x S RGB faces with values pixel / 255 to N x 128, its input size, and its inference mode.
 *
 * <p>The block is a plain composition (DJL blocks and this project's layers) that trains and saves as it is and holds
 * no threading: lending an idle thread to an inference pass is {@code oneshot.embed}'s, in a view of the same layers.
 */
public interface FaceNetwork {
    /** The manifest's architecture name. */
    String architecture();

    /** The whole network as one DJL block. */
    Block block();

    /** Side of the square input face in pixels. */
    int inputSize();

    int embeddingSize();

    /** Shape used to initialise the block (batch 1). */
    default Shape inputShape() {
        return new Shape(1, 3, inputSize(), inputSize());
    }

    /** Folds what can be folded into the convs and stores their weights channels-last. Irreversible: inference only. */
    void prepareForInference();
}
