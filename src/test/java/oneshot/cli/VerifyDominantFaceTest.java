package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16 item 7: Verify takes a portrait's sitter when the other faces are far smaller, and says so. */
class VerifyDominantFaceTest {
    @TempDir
    Path dir;

    private static EncodedFace face(double x, double size, float first) {
        float[] v = new float[128];
        v[0] = first;
        v[1] = 1;
        return new EncodedFace(new FaceBox(x, 10, size, size), 0.99, Vectors.normalized(v), "fake");
    }

    private String[] run(String... args) throws Exception {
        for (String n : new String[] {"portrait.png", "pair.png", "probe.png"}) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", dir.resolve(n).toFile());
        }
        FakeFaceEncoder enc = new FakeFaceEncoder("m")
                .with("portrait.png", face(0, 100, 0), face(300, 49, 5))      // 100^2 >= 4 x 49^2: the sitter
                .with("pair.png", face(0, 100, 0), face(300, 51, 5))          // 100^2 < 4 x 51^2: ambiguous
                .with("probe.png", face(0, 80, 0));
        String[] argv = new String[args.length + 4];
        System.arraycopy(args, 0, argv, 0, args.length);
        System.arraycopy(new String[] {"--threshold", "0.5", "--gallery", dir.resolve("g.db").toString()}, 0, argv,
                args.length, 4);
        CommandRun r = CommandRun.of(new VerifyCommand(() -> enc), argv);
        return new String[] {Integer.toString(r.code()), r.out(), r.err()};
    }

    @Test
    void dominantFaceIsUsedAndNamed() throws Exception {
        String[] r = run("--image", dir.resolve("portrait.png").toString(), "--image", dir.resolve("probe.png").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("SAME person"), r[1]);   // the sitter (first = 0), not the small face (first = 5)
        assertTrue(r[2].contains("has 2 faces; using the largest"), r[2]);
    }

    @Test
    void similarSizesStillNeedAChoice() throws Exception {
        String[] r = run("--image", dir.resolve("pair.png").toString(), "--image", dir.resolve("probe.png").toString());
        assertEquals("1", r[0], r[2]);
        assertTrue(r[2].contains("has 2 faces: pick one with --face largest"), r[2]);
    }
}
