package oneshot.pipeline;

import java.util.List;

/** Which face to keep when an image has several. */
public enum FaceChoice {
    /** OpenFace's rule: the largest dlib-box area (ties: the first). */
    LARGEST,
    /**
     * The face whose MTCNN box centre is nearest the image centre: for datasets whose subject is centred by construction
     * (LFW), where the largest face is sometimes a cut-off bystander.
     */
    CENTRAL;

    /** Index of the chosen face, or -1 when there is none. */
    public int choose(List<PipelineFace> faces, int imageWidth, int imageHeight) {
        int best = -1;
        double bestKey = 0;
        for (int i = 0; i < faces.size(); i++) {
            PipelineFace f = faces.get(i);
            double key;
            if (this == LARGEST) {
                key = -f.dlibBox().area();
            } else {
                double cx = (f.detection().left() + f.detection().right()) / 2 - (imageWidth - 1) / 2.0;
                double cy = (f.detection().top() + f.detection().bottom()) / 2 - (imageHeight - 1) / 2.0;
                key = cx * cx + cy * cy;
            }
            if (best < 0 || key < bestKey) {
                best = i;
                bestKey = key;
            }
        }
        return best;
    }
}
