package oneshot.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oneshot.SharedData;
import oneshot.align.AffineTransform;
import oneshot.align.OpenFaceTemplate;
import oneshot.detect.DetectedFace;
import oneshot.detect.DetectionAgreement;
import oneshot.detect.DlibGolden;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * Runs the pipeline on a golden set ({@code ../shared/golden/dlib-align/<set>}) and compares with what real dlib + OpenCV
 * produced there: the 68 landmarks (mean distance in pixels) and the crops (mean absolute byte difference) against
 * OpenFace's 96x96 crops, or, for a {@link AlignmentKind#DLIB_CHIP_150} pipeline, dlib's 150x150 chips
 * ({@code ../shared/golden/dlib-chip/<set>/chips}).
 * The face compared is the one the pipeline chooses (the largest); it counts as found when its MTCNN box overlaps
 * dlib's (IoU &gt;= {@link DetectionAgreement#FOUND_IOU}).
 */
public final class GoldenComparison {
    /** One golden image: dlib's row, the pipeline's chosen face (null: none found) and the golden crop. */
    public record Item(DlibGolden golden, RgbImage image, PipelineFace face, RgbImage goldenCrop) {}

    /** Summary over a set. */
    public record Summary(int images, int found, double meanLandmarkPx, double medianLandmarkPx, double meanCropDiff,
                          double meanKeyPointPx) {}

    private GoldenComparison() {}

    public static List<Item> run(FacePipeline pipeline, String set) {
        Path dir = SharedData.require("golden/dlib-align/" + set);
        Path images = SharedData.require("data/" + set);
        Path crops = pipeline.alignment() == AlignmentKind.DLIB_CHIP_150
                ? SharedData.require("golden/dlib-chip/" + set).resolve("chips") : dir.resolve("crops");
        ImageDecoder decoder = new ImageDecoder();
        List<Item> out = new ArrayList<>();
        for (DlibGolden g : DlibGolden.read(dir.resolve("align.tsv"))) {
            if (!g.hasFace()) {
                continue;
            }
            RgbImage img = decode(decoder, images.resolve(g.path()));
            String crop = g.path().replaceAll("\\.[^./]+$", "") + ".png";
            RgbImage goldenCrop = decode(decoder, crops.resolve(crop));
            List<PipelineFace> faces = pipeline.process(img);
            PipelineFace chosen = FacePipeline.largest(faces).orElse(null);
            if (chosen != null && iou(chosen.detection(), g) < DetectionAgreement.FOUND_IOU) {
                chosen = null;
            }
            out.add(new Item(g, img, chosen, goldenCrop));
        }
        return out;
    }

    public static Summary summarise(List<Item> items) {
        List<Double> dist = new ArrayList<>();
        double crop = 0;
        double key = 0;
        for (Item it : items) {
            if (it.face() == null) {
                continue;
            }
            if (it.face().hasLandmarks()) {
                dist.add(meanLandmarkDistance(it));
            }
            crop += meanAbsDiff(it.face().aligned(), it.goldenCrop());
            key += keyPointError(it.face().transform(), it.golden());
        }
        int found = (int) items.stream().filter(i -> i.face() != null).count();
        double mean = dist.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double median = dist.isEmpty() ? Double.NaN : dist.stream().sorted().toList().get(dist.size() / 2);
        return new Summary(items.size(), found, mean, median, found == 0 ? Double.NaN : crop / found,
                found == 0 ? Double.NaN : key / found);
    }

    /**
     * Where a crop's transform puts dlib's own landmarks 36, 45, 33, against OpenFace's targets for them (mean distance in
     * 96x96 crop pixels): 0 for OpenFace's exact alignment; comparable across both alignment kinds.
     */
    public static double keyPointError(AffineTransform h, DlibGolden g) {
        float[] targets = OpenFaceTemplate.OUTER_EYES_AND_NOSE.targets(96);
        int[] idx = OpenFaceTemplate.OUTER_EYES_AND_NOSE.landmarkIndices();
        double err = 0;
        for (int k = 0; k < 3; k++) {
            int x = g.x(idx[k]);
            int y = g.y(idx[k]);
            err += Math.hypot(h.mapX(x, y) - targets[2 * k], h.mapY(x, y) - targets[2 * k + 1]) / 3;
        }
        return err;
    }

    /** Mean Euclidean distance of the 68 landmarks to dlib's, pixels. */
    public static double meanLandmarkDistance(Item it) {
        double s = 0;
        for (int i = 0; i < 68; i++) {
            s += Math.hypot(it.face().landmarks().x(i) - it.golden().x(i), it.face().landmarks().y(i) - it.golden().y(i));
        }
        return s / 68;
    }

    public static double meanAbsDiff(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("crop sizes differ: " + a.width() + "x" + a.height() + " vs " + b.width()
                    + "x" + b.height());
        }
        long s = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            s += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
        }
        return (double) s / a.rgb().length;
    }

    /** The MTCNN points mapped through dlib's H: where OpenFace's alignment puts them in the 96x96 frame. */
    public static double[] pointsInOpenFaceFrame(DetectedFace f, DlibGolden g) {
        AffineTransform h = AffineTransform.of(g.affine());
        double[] p = new double[10];
        for (int i = 0; i < 5; i++) {
            p[2 * i] = h.mapX(f.pointX(i), f.pointY(i));
            p[2 * i + 1] = h.mapY(f.pointX(i), f.pointY(i));
        }
        return p;
    }

    static double iou(DetectedFace f, DlibGolden g) {
        return DetectionAgreement.iou(f.left(), f.top(), f.right(), f.bottom(), g.left(), g.top(), g.right(), g.bottom());
    }

    private static RgbImage decode(ImageDecoder decoder, Path p) {
        try {
            return decoder.decode(p);
        } catch (ImageDecodeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
