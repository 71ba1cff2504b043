package oneshot.gallery;

/**
 * One face found in an image and its embedding.
 *
 * @param box where the face is, in image pixels
 * @param score the detector's confidence
 * @param embedding the model's output (unit length expected; the gallery re-normalises anyway)
 * @param alignment how the crop was aligned (e.g. "dlib-68 outer-eyes-and-nose"), kept for the user's information
 */
public record EncodedFace(FaceBox box, double score, float[] embedding, String alignment) {}
