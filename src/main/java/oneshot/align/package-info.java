/**
 * OpenFace alignment and dlib's face chips in plain Java, byte-identical to OpenFace's dlib + OpenCV pipeline
 * (golden/dlib-align) and to dlib's chips (golden/dlib-chip).
 *
 * <p>API for callers (detection, the Align job):
 * <ul>
 *   <li>{@link oneshot.align.ShapePredictorReader#readDefault()} -&gt; {@link oneshot.align.ShapePredictor}
 *       (dlib's 68-landmark model; read once, ~1-2 s, thread-safe);</li>
 *   <li>{@link oneshot.align.ShapePredictor#predict(oneshot.image.RgbImage, oneshot.align.FaceBox)} -&gt;
 *       {@link oneshot.align.FaceLandmarks}, given a box in dlib's HOG-detector convention;</li>
 *   <li>{@link oneshot.align.OpenFaceAligner#align(oneshot.image.RgbImage, oneshot.align.FaceBox)} -&gt;
 *       {@link oneshot.align.AlignedFace} (96x96 crop, H, landmarks), or
 *       {@link oneshot.align.OpenFaceAligner#alignLandmarks} for landmarks found elsewhere;</li>
 *   <li>{@link oneshot.align.DlibChip#descriptorChip} -&gt; dlib's 150x150 face chip (for dlib's ResNet descriptor),
 *       byte-identical to dlib 19.24's {@code extract_image_chip(get_face_chip_details(shape, 150, 0.25))}; details
 *       and map in {@link oneshot.align.DlibChipDetails};</li>
 *   <li>{@link oneshot.align.WarpAffine#warp} and {@link oneshot.align.AffineTransform} for any other 2x3 map
 *       (e.g. a similarity fallback) with OpenCV's exact INTER_LINEAR / constant-0 border semantics.</li>
 * </ul>
 */
package oneshot.align;
