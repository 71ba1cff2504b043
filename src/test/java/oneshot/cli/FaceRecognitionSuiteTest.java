package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import oneshot.SharedData;
import oneshot.detect.DetectedFace;
import oneshot.detect.EngineThreads;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceSelection;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;
import oneshot.pipeline.FacePipeline;
import oneshot.pipeline.PipelineFace;
import oneshot.pipeline.PipelineFaceEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * face_recognition's own expectations (../shared/data/face-recognition-suite/SOURCE.md) against OneShot. Decoding and
 * face counts run always; same/different person and the k-NN example run with dlib's ResNet, and also with the trained
 * nn4.small2 when the main job has made it ({@code weights/}).
 */
class FaceRecognitionSuiteTest {
    @TempDir
    Path dir;

    private static Path suite(String rel) {
        return SharedData.require("data/face-recognition-suite/" + rel);
    }

    private static double iou(DetectedFace f, double left, double top, double right, double bottom) {
        double iw = Math.min(f.right(), right) - Math.max(f.left(), left);
        double ih = Math.min(f.bottom(), bottom) - Math.max(f.top(), top);
        double inter = Math.max(0, iw) * Math.max(0, ih);
        return inter / ((f.right() - f.left()) * (f.bottom() - f.top()) + (right - left) * (bottom - top) - inter);
    }

    @Test
    void decodesAndCountsFacesAsFaceRecognitionExpects() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        RgbImage obama = decoder.decode(suite("test_images/obama.jpg"));
        assertEquals(List.of(910, 1137), List.of(obama.width(), obama.height()));
        RgbImage rgba = decoder.decode(suite("test_images/32bit.png"));
        assertEquals(List.of(626, 1200), List.of(rgba.width(), rgba.height()));
        EngineThreads.defaultToOne();
        try (FacePipeline p = FacePipeline.load()) {
            for (String one : List.of("32bit.png", "obama_partial_face.jpg", "obama_partial_face2.jpg", "obama2.jpg",
                    "obama3.jpg", "biden.jpg")) {
                assertEquals(1, p.process(decoder.decode(suite("test_images/" + one))).size(), one);
            }
            // obama.jpg: the portrait, where HOG put it, plus MTCNN's false face on a jacket fold (score 0.94) that no
            // measured rule removes without losing real LFW faces (docs/alignment.md); it is far smaller, so the
            // commands that need one face take the portrait (FaceSelection.dominant)
            List<PipelineFace> faces = p.process(obama);
            assertTrue(faces.size() >= 1 && faces.size() <= 2, faces.size() + " faces");
            PipelineFace sitter = faces.stream().max((a, b) -> Double.compare(a.detection().area(), b.detection().area()))
                    .orElseThrow();
            assertTrue(iou(sitter.detection(), 349, 142, 617, 409) > 0.5, "the HOG box: " + sitter.detection());
            for (PipelineFace f : faces) {
                if (f != sitter) {
                    assertTrue(f.detection().area() * FaceSelection.DOMINANT_AREA_RATIO <= sitter.detection().area());
                }
            }
            // the k-NN example's group photos: face_recognition finds two in each
            assertTrue(p.process(decoder.decode(suite("knn/test/kit_with_rose.jpg"))).size() == 2);
            // obama_and_biden.jpg: both, and a third, real face (a girl looking down, lower right) that HOG misses
            assertEquals(3, p.process(decoder.decode(suite("knn/test/obama_and_biden.jpg"))).size());
        }
    }

    /**
     * dlib's ResNet always (imported from ../shared on first use, so CI runs these too), and the trained nn4.small2 when
     * the main job has published it (an untrained network's distances mean nothing).
     */
    static Stream<String> models() {
        List<String> models = new ArrayList<>(List.of("dlib-resnet34"));
        try (FaceModel m = ModelStore.loadDefault(null)) {
            if (m.isFullyTrained()) {
                models.add(m.manifest().name);
            }
        } catch (IOException | RuntimeException e) {
            // no nn4.small2 model in weights/: dlib's ResNet alone
        }
        return models.stream();
    }

    private static CommandRun run(Object command, String... args) {
        return CommandRun.of(command, args);
    }

    @ParameterizedTest
    @MethodSource("models")
    void samePersonAndDifferentPersonWithTheTrainedModel(String model) throws Exception {
        try (FaceEncoder trained = PipelineFaceEncoder.open(model)) {
            FaceEncoder enc = CommandRun.kept(trained, trained.modelId());
            String obama = suite("test_images/obama.jpg").toString();
            String db = dir.resolve("g.db").toString();
            for (String same : List.of("obama2.jpg", "obama3.jpg")) {
                CommandRun r = run(new VerifyCommand(() -> enc), "--gallery", db, "--image", obama, "--image",
                        suite("test_images/" + same).toString());
                assertEquals(0, r.code(), r.err());
                assertTrue(r.out().startsWith("SAME person"), same + ": " + r.out());
            }
            CommandRun biden = run(new VerifyCommand(() -> enc), "--gallery", db, "--image", obama, "--image",
                    suite("test_images/biden.jpg").toString());
            assertTrue(biden.out().startsWith("DIFFERENT people"), biden.out());
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void knnExampleNamesTheTestFaces(String model) throws Exception {
        try (FaceEncoder trained = PipelineFaceEncoder.open(model)) {
            FaceEncoder enc = CommandRun.kept(trained, trained.modelId());
            String db = dir.resolve("knn.db").toString();
            Path train = suite("knn/train");
            try (Stream<Path> people = Files.list(train)) {
                for (Path person : people.sorted().toList()) {
                    List<String> args = new ArrayList<>(List.of("--gallery", db, "--name", person.getFileName().toString(),
                            "--face", "largest"));
                    try (Stream<Path> imgs = Files.list(person)) {
                        imgs.sorted().forEach(i -> args.addAll(List.of("--image", i.toString())));
                    }
                    CommandRun r = run(new EnrollCommand(() -> enc), args.toArray(new String[0]));
                    assertEquals(0, r.code(), r.err());
                }
            }
            String[][] expected = {{"alex_lacamoire1.jpg", "alex_lacamoire"}, {"johnsnow_test1.jpg", "kit_harington"},
                    {"obama1.jpg", "obama"}, {"kit_with_rose.jpg", "kit_harington", "rose_leslie"},
                    {"obama_and_biden.jpg", "obama", "biden"}};
            for (String[] e : expected) {
                CommandRun r = run(new IdentifyCommand(() -> enc), "--gallery", db, "--image", suite("knn/test/" + e[0]).toString(),
                        "--json");
                assertEquals(0, r.code(), r.err());
                JsonArray faces = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("faces");
                List<String> names = new ArrayList<>();
                for (var f : faces) {
                    names.add(((JsonObject) f).get("verdict").getAsString());
                }
                for (int i = 1; i < e.length; i++) {
                    assertTrue(names.contains(e[i]), e[0] + ": " + names);
                }
            }
        }
    }
}
