package oneshot;

import java.util.List;

/**
 * The faces of one image with the image's size, both as the faces' boxes see it (upright, after EXIF orientation).
 *
 * @param width the upright image's width in pixels
 * @param height its height
 * @param faces every face, best detection first
 */
public record Photo(int width, int height, List<Face> faces) {
    public Photo {
        faces = List.copyOf(faces);
    }
}
