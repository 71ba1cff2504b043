package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import oneshot.SharedData;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceEncoder;
import oneshot.net.FaceModel;
import oneshot.net.LrnMode;
import oneshot.pipeline.FacePipeline;
import oneshot.pipeline.PipelineFaceEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery commands on real images through the real face pipeline (MTCNN, dlib, warp, nn4.small2).
 *
 * <p>No trained weights are available to tests (the golden set's five synthetic kernels make all faces nearly alike,
 * golden/nn4/README.md), so the network runs with its seeded initial weights, which also skips the 40 MB CSV import: this
 * checks the wiring on real data, not recognition quality. The same image gives distance ~0, boxes come from the detector,
 * a group photo yields several faces and an annotated copy.
 */
class GalleryPipelineEndToEndTest {
    private static PipelineFaceEncoder real;
    private static FaceEncoder pipeline;

    @TempDir
    Path dir;

    @BeforeAll
    static void openPipeline() throws IOException {
        real = new PipelineFaceEncoder(FacePipeline.load(), FaceModel.createInitialized(LrnMode.TORCH).forInference());
        // an unsaved model carries no model id of its own; and each command closes its encoder, this one is shared
        pipeline = new FaceEncoder() {
            @Override
            public String modelId() {
                return "untrained-nn4-test";
            }

            @Override
            public List<EncodedFace> encode(Path image) throws IOException {
                return real.encode(image);
            }

            @Override
            public void close() {}
        };
    }

    @AfterAll
    static void closePipeline() {
        real.close();
    }

    private String run(Object command, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, Cli.run(command, args), String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void enrolIdentifyVerifyOnBbtImages() throws IOException {
        String db = dir.resolve("bbt.db").toString();
        String penny1 = SharedData.require("data/bbt/penny/penny1.png").toString();
        String scene = SharedData.require("data/bbt-scenes/bbt3.jpg").toString();
        String enrolled = run(new EnrollCommand(() -> pipeline), "--gallery", db, "--name", "Penny", "--image", penny1);
        assertTrue(enrolled.contains("model untrained-nn4-test"), enrolled);

        JsonObject same = JsonParser.parseString(run(new IdentifyCommand(() -> pipeline), "--gallery", db, "--image",
                penny1, "--json", "--threshold", "0.5")).getAsJsonObject();
        JsonObject face = same.getAsJsonArray("faces").get(0).getAsJsonObject();
        assertEquals("Penny", face.get("verdict").getAsString());
        assertEquals(0.0, face.get("distance").getAsDouble(), 1e-4, "the enrolled image itself");
        assertTrue(face.getAsJsonObject("box").get("width").getAsDouble() > 60, "a 150-pixel crop is mostly face");

        Path png = dir.resolve("scene.png");
        JsonObject group = JsonParser.parseString(run(new IdentifyCommand(() -> pipeline), "--gallery", db, "--image", scene,
                "--json", "--threshold", "0.5", "--annotate", png.toString())).getAsJsonObject();
        JsonArray faces = group.getAsJsonArray("faces");
        assertTrue(faces.size() >= 2, "a group photo: " + faces.size() + " faces");
        BufferedImage src = ImageIO.read(Path.of(scene).toFile());
        BufferedImage drawn = ImageIO.read(png.toFile());
        assertEquals(src.getWidth(), drawn.getWidth());
        assertEquals(src.getHeight(), drawn.getHeight());

        String verify = run(new VerifyCommand(() -> pipeline), "--gallery", db, "--image", penny1, "--name", "Penny",
                "--threshold", "0.5");
        assertTrue(verify.startsWith("SAME person") && verify.contains("distance 0.0000"), verify);
    }
}
