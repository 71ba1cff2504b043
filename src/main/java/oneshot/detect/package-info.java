/**
 * MTCNN face detection in DJL (PyTorch engine): weights reader, P/R/O-Net, image pyramid, NMS, box regression, and the
 * map from MTCNN boxes to dlib's HOG-detector boxes.
 *
 * <ul>
 *   <li>{@link oneshot.detect.MtcnnDetector#load()} then {@link oneshot.detect.MtcnnDetector#detect} -&gt; every
 *       {@link oneshot.detect.DetectedFace} (score, box, 5 points), best first; thread-safe.</li>
 *   <li>{@link oneshot.detect.MtcnnConvention}: the input convention (RGB, H/W transposed) and the evidence for it
 *       ({@code oneshot.detect.ConventionEvidence}, a tool in src/tools/java).</li>
 *   <li>{@link oneshot.detect.DlibBoxMap}: MTCNN box -&gt; dlib box, fitted by {@code oneshot.detect.DlibBoxMapFit} (a tool in
 *       src/tools/java).</li>
 * </ul>
 */
package oneshot.detect;
