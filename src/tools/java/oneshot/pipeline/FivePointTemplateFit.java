package oneshot.pipeline;

import java.util.List;
import oneshot.detect.EngineThreads;
import oneshot.detect.MtcnnDetector;

/**
 * Fits {@link FivePointAligner#TEMPLATE_96} (the mean of MTCNN's points mapped through the golden dlib H of each LFW
 * image) and prints the pipeline's agreement with real dlib on the golden sets, for both alignments. Run:
 * {@code mvn -q exec:java -Dexec.mainClass=oneshot.pipeline.FivePointTemplateFit}.
 */
public final class FivePointTemplateFit {
    private FivePointTemplateFit() {}

    public static void main(String[] args) throws Exception {
        EngineThreads.defaultToOne();
        try (FacePipeline dlib = FacePipeline.load()) {
            FacePipeline fallback = new FacePipeline(dlib.detector(), null);
            List<GoldenComparison.Item> lfw = GoldenComparison.run(dlib, "lfw");
            double[] t = fit(lfw);
            StringBuilder sb = new StringBuilder("static final double[] TEMPLATE_96 = {\n   ");
            for (double v : t) {
                sb.append(String.format(" %.4f,", v));
            }
            System.out.println(sb + "\n};");
            System.out.printf("%-5s %-22s %6s %6s %10s %10s %9s %10s%n", "set", "alignment", "images", "found", "meanLmPx",
                    "medianLmPx", "cropDiff", "keyPtPx96");
            for (String set : new String[] {"lfw", "bbt"}) {
                for (FacePipeline p : new FacePipeline[] {dlib, fallback}) {
                    GoldenComparison.Summary s = GoldenComparison.summarise(GoldenComparison.run(p, set));
                    System.out.printf("%-5s %-22s %6d %6d %10.2f %10.2f %9.2f %10.2f%n", set, p.alignment(), s.images(),
                            s.found(), s.meanLandmarkPx(), s.medianLandmarkPx(), s.meanCropDiff(), s.meanKeyPointPx());
                }
            }
        }
    }

    /** Mean over the found faces of their MTCNN points in OpenFace's 96x96 frame. */
    public static double[] fit(List<GoldenComparison.Item> items) {
        double[] t = new double[10];
        int n = 0;
        for (GoldenComparison.Item it : items) {
            if (it.face() == null) {
                continue;
            }
            double[] p = GoldenComparison.pointsInOpenFaceFrame(it.face().detection(), it.golden());
            for (int i = 0; i < 10; i++) {
                t[i] += p[i];
            }
            n++;
        }
        for (int i = 0; i < 10; i++) {
            t[i] /= n;
        }
        return t;
    }
}
