package oneshot.pipeline;

import oneshot.GoldenWeights;
import oneshot.SharedData;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.FaceEncoderProvider;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gallery's face side, wired for real: image file to faces with unit embeddings. */
class PipelineFaceEncoderTest {
    @Test
    void groupPhotoGivesSeveralUnitEmbeddingsAndCorruptFilesAClearError(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws IOException {
        Path scene;
        try (Stream<Path> s = Files.list(SharedData.require("data/bbt-scenes"))) {
            scene = s.filter(p -> p.toString().matches(".*\\.(jpg|jpeg|png)$")).sorted().findFirst().orElseThrow();
        }
        FaceModel m = GoldenWeights.model(LrnMode.TORCH).forInference();
        try (FaceEncoder enc = new PipelineFaceEncoder(FacePipeline.load(), m)) {
            List<EncodedFace> faces = enc.encode(scene);
            assertTrue(faces.size() >= 2, scene + ": a group photo, found " + faces.size());
            for (EncodedFace f : faces) {
                double n = 0;
                for (float x : f.embedding()) {
                    n += x * x;
                }
                assertEquals(1.0, Math.sqrt(n), 1e-5);
                assertTrue(f.box().width() > 10 && f.box().height() > 10, "box " + f.box());
            }
            Path junk = tmp.resolve("junk.jpg");
            Files.writeString(junk, "not a jpeg");
            IOException e = assertThrows(IOException.class, () -> enc.encode(junk));
            assertTrue(e.getMessage().contains("junk.jpg"), e.getMessage());
        }
    }

    @Test
    void boxesKeepTheDetectorsInclusiveConvention() {
        // MTCNN's corners are inclusive: a face from column 10 to 59 is 50 pixels wide (DetectedFace.width()); the encoder
        // once stored right - left = 49, so boxes in galleries and annotations were a pixel short of the detector's
        oneshot.detect.DetectedFace d = new oneshot.detect.DetectedFace(0.9, 10, 20, 59, 99, new double[10]);
        oneshot.gallery.FaceBox box = PipelineFaceEncoder.boxOf(d);
        assertEquals(d.width(), box.width());
        assertEquals(d.height(), box.height());
        assertEquals(50, box.width());
        assertEquals(80, box.height());
        assertEquals(d.area(), box.area());
    }

    @Test
    void registeredForTheGalleryCommands() {
        assertTrue(java.util.ServiceLoader.load(FaceEncoderProvider.class).stream()
                .anyMatch(p -> p.type() == PipelineFaceEncoderProvider.class));
    }
}
