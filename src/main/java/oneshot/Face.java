package oneshot;

import java.awt.image.BufferedImage;
import oneshot.gallery.FaceBox;

/**
 * One face found by {@link OneShot#faces}: where it is, how sure the detector was, the points it was aligned on, the crop
 * the model saw and the model's embedding. Arrays are the face's own: read them, do not modify them.
 *
 * @param box where the face is, in image pixels (x, y of the top-left corner, width and height of the detector's box)
 * @param score the detector's confidence, 0..1
 * @param landmarks the points the alignment used, interleaved {@code x0, y0, x1, y1, ...} in image pixels (dlib's 68, or
 *                  MTCNN's 5 under the fallback alignment); empty when the encoder does not report them
 * @param crop the aligned crop the model embedded, or null when the encoder does not keep it
 * @param embedding the model's unit-length embedding
 * @param alignment which alignment made the crop ("dlib-3point", "mtcnn-5point-fallback", ...)
 * @param modelId the model that made the embedding; faces of different models cannot be compared
 * @param sourceSha256 the sha256 of the image the face came from (file bytes, or pixels for a BufferedImage), so the
 *                     gallery refuses to enrol the same face twice
 */
public record Face(FaceBox box, double score, double[] landmarks, BufferedImage crop, float[] embedding, String alignment,
                   String modelId, String sourceSha256) {}
