package oneshot;

import oneshot.gallery.FaceBox;

/**
 * Where a face is, without its embedding: what {@link OneShot#locate} reports.
 *
 * @param box the face's box in image pixels (the detector's inclusive corners)
 * @param score the detector's confidence
 * @param landmarks the landmarks the alignment uses, interleaved {@code x0, y0, x1, y1, ...} in image pixels
 */
public record FaceLocation(FaceBox box, double score, double[] landmarks) {}
