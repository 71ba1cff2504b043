package oneshot.gallery;

import oneshot.image.RgbImage;

/**
 * One face found in an image and its embedding.
 *
 * @param box where the face is, in image pixels (width = right - left + 1: the detector's inclusive corners)
 * @param score the detector's confidence
 * @param embedding the model's output (unit length expected; the gallery re-normalises anyway)
 * @param alignment how the crop was aligned (e.g. "dlib-3point"), kept for the user's information
 * @param landmarks the landmarks the alignment used, interleaved {@code x0, y0, x1, y1, ...} in image pixels (dlib's 68,
 *                  or MTCNN's 5 under the fallback); empty when the encoder does not report them
 * @param crop the aligned crop the model saw, or null when the encoder does not keep it
 */
public record EncodedFace(FaceBox box, double score, float[] embedding, String alignment, double[] landmarks,
                          RgbImage crop) {
    public EncodedFace {
        landmarks = landmarks == null ? new double[0] : landmarks;
    }

    /** A face without landmarks or crop (encoders that only report boxes and vectors). */
    public EncodedFace(FaceBox box, double score, float[] embedding, String alignment) {
        this(box, score, embedding, alignment, null, null);
    }
}
