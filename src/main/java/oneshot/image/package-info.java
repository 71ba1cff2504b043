/**
 * Images as the pipeline sees them: {@link oneshot.image.RgbImage} (8-bit interleaved RGB) and
 * {@link oneshot.image.ImageDecoder} (any file -&gt; RgbImage, EXIF-upright, size-guarded, with
 * {@link oneshot.image.ImageDecodeException} naming the file and the reason on failure).
 */
package oneshot.image;
