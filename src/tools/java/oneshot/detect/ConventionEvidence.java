package oneshot.detect;

import java.nio.file.Path;
import java.util.List;
import oneshot.SharedData;

/**
 * Prints, for each of the 4 MTCNN input conventions (RGB/BGR x transposed/plain), how well the detections agree with
 * dlib's boxes on the golden LFW and bbt images. Run:
 * {@code mvn -q exec:java -Dexec.mainClass=oneshot.detect.ConventionEvidence}.
 */
public final class ConventionEvidence {
    private ConventionEvidence() {}

    public static void main(String[] args) {
        MtcnnNets nets = new MtcnnNets(MtcnnWeights.load(SharedData.mtcnnWeights()));
        System.out.printf("%-16s %-4s %6s %6s %8s %8s %8s %9s%n", "convention", "set", "images", "found", "recall",
                "meanIoU", "faces/im", "pointErr");
        for (MtcnnConvention c : MtcnnConvention.all()) {
            MtcnnDetector d = new MtcnnDetector(nets, MtcnnDetector.Settings.defaults().withConvention(c));
            for (String set : new String[] {"lfw", "bbt"}) {
                List<DlibGolden> rows = DlibGolden.read(SharedData.golden("dlib-align").resolve(set).resolve("align.tsv"));
                Path images = SharedData.resolve("data/" + set);
                DetectionAgreement.Summary s = DetectionAgreement.summarise(DetectionAgreement.run(rows, images, d::detect));
                System.out.printf("%-16s %-4s %6d %6d %8.3f %8.3f %8.2f %9.3f%n", c, set, s.images(), s.found(),
                        s.recall(), s.meanBestIou(), s.meanFaces(), s.meanPointError());
            }
        }
        MtcnnDetector d = new MtcnnDetector(nets, MtcnnDetector.Settings.defaults());
        for (int i = 1; i <= 5; i++) {
            Path scene = SharedData.resolve("data/bbt-scenes/bbt" + i + ".jpg");
            List<DetectedFace> faces = d.detect(DetectionAgreement.readImage(scene));
            StringBuilder sb = new StringBuilder();
            for (DetectedFace f : faces) {
                sb.append(String.format(" [%.0f,%.0f,%.0f,%.0f %.3f]", f.left(), f.top(), f.width(), f.height(), f.score()));
            }
            System.out.printf("%s: %d faces%s%n", scene.getFileName(), faces.size(), sb);
        }
        nets.close();
    }
}
