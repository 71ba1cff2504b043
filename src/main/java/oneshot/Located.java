package oneshot;

import java.util.List;

/**
 * The faces found in one image, not embedded, with the upright image's size: {@link OneShot#locate}.
 *
 * @param width the upright image's width in pixels
 * @param height its height
 * @param faces every face, best detection first
 */
public record Located(int width, int height, List<FaceLocation> faces) {
    public Located {
        faces = List.copyOf(faces);
    }
}
