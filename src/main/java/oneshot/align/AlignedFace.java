package oneshot.align;

import oneshot.image.RgbImage;

/** The result of OpenFace alignment: the square crop, the forward image-to-crop map H, and the landmarks used. */
public record AlignedFace(RgbImage crop, AffineTransform transform, FaceLandmarks landmarks) {}
