package oneshot.net;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor of the Keras-OpenFace export: its file stem ({@code conv1_w}), its shape, and which layer parameter it fills.
 *
 * @param name file stem without {@code .csv}
 * @param shape the tensor's shape in Torch/DJL layout (OIHW for convs, out x in for dense)
 * @param layer Keras-OpenFace layer name ({@code conv1}, {@code bn1}, {@code dense})
 * @param parameter DJL parameter name inside that layer's block ({@code weight}, {@code gamma}, {@code runningVar}...)
 * @param kernel true for conv and dense weights: the only tensors that may be He-initialised when missing
 */
public record TensorSpec(String name, Shape shape, String layer, String parameter, boolean kernel) {
    public long size() {
        return shape.size();
    }

    /** fan-in of a kernel: in x kh x kw for a conv, in for dense. */
    public long fanIn() {
        return shape.size() / shape.get(0);
    }
}
