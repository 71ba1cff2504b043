package oneshot.gallery;

/**
 * What a face encoder's model is, as shown to users (the HTTP API's {@code /models}).
 *
 * @param id the model id galleries and calibrations are bound to
 * @param architecture the network ("nn4.small2", "dlib-resnet34", ...)
 * @param inputSize side of the square aligned face the network reads, in pixels (0 when unknown)
 * @param alignment the alignment that makes its input ("dlib-3point", "dlib-chip-150", ...)
 * @param distance how its embeddings are compared ("squared-l2-unit")
 * @param trained false for a model with untrained layers, which the user must be told about
 */
public record ModelDescription(String id, String architecture, int inputSize, String alignment, String distance,
                               boolean trained) {}
