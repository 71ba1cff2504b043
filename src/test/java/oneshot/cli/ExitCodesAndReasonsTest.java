package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.FaceEncoder;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors exit 2 and failures 1, and each failure names the real reason (issue 16, item 6). */
class ExitCodesAndReasonsTest {
    @TempDir
    Path dir;

    private Path db;
    private Path ann;
    private FakeFaceEncoder encoder;

    @BeforeEach
    void setUp() throws IOException {
        db = dir.resolve("g.db");
        ann = dir.resolve("ann.png");
        Files.write(ann, new byte[] {1, 2, 3});
        float[] v = new float[128];
        v[0] = 1;
        encoder = new FakeFaceEncoder("m1").with("ann.png", new EncodedFace(new FaceBox(0, 0, 10, 10), 0.99,
                Vectors.normalized(v), "fake"));
        assertEquals(0, enroll("--name", "Ann", "--image", ann.toString()).code());
    }

    private CliRun enroll(String... args) {
        return CliRun.of(new EnrollCommand(() -> encoder), prepend(args));
    }

    private CliRun identify(String... args) {
        return CliRun.of(new IdentifyCommand(() -> encoder), prepend(args));
    }

    private CliRun verify(String... args) {
        return CliRun.of(new VerifyCommand(() -> encoder), prepend(args));
    }

    private String[] prepend(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--gallery";
        all[1] = db.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    @Test
    void usageErrorsFoundByTheCommandsExit2() {
        for (CliRun r : List.of(identify("--image", ann.toString(), "--top", "-1"),
                identify("--image", ann.toString(), "--threshold", "NaN"),
                identify("--image", ann.toString(), "--threshold", "5"),
                identify("--image", ann.toString(), "--threshold", "0.5", "--calibration", "x.json"),
                enroll("--list", "--remove", "Ann"),
                enroll("--name", "Bob"),
                enroll("--name", "Bob", "--image", ann.toString(), "--face", "second"),
                verify("--image", ann.toString()),
                verify("--image", ann.toString(), "--image", ann.toString(), "--face", "1"),
                CliRun.of(new EvaluateCommand()),
                CliRun.of(new EmbedCommand(), "--input", dir.toString(), "--batch", "0"),
                CliRun.of(new AlignCommand(), "--choose", "leftmost"))) {
            assertEquals(2, r.code(), r.toString());
            assertFalse(r.err().contains("Exception"), r.toString());
        }
        assertEquals(2, identify("--image", ann.toString(), "--top", "x").code(), "picocli's own parse errors stay 2");
        assertEquals(1, enroll("--remove", "Nobody").code(), "a failure, not a usage error");
    }

    @Test
    void directoryAndSymlinkLoopAsImageSayWhatTheyAre() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("photos"));
        CliRun r = identify("--image", folder.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Cannot read image " + folder + ": it is a directory"), r.err());

        Path loop = dir.resolve("loop.png");
        Files.createSymbolicLink(loop, dir.resolve("loop2.png"));
        Files.createSymbolicLink(dir.resolve("loop2.png"), loop);
        r = identify("--image", loop.toString());
        assertTrue(r.err().contains("Cannot read image " + loop + ": it is a symbolic link that cannot be followed"), r.err());
        assertFalse(r.err().contains("No such image file"), r.err());

        Path dangling = dir.resolve("dangling.png");
        Files.createSymbolicLink(dangling, dir.resolve("gone.png"));
        assertTrue(identify("--image", dangling.toString()).err().contains("dangling symbolic link"));
        assertTrue(identify("--image", dir.resolve("none.png").toString()).err()
                .contains("No such image file: " + dir.resolve("none.png")));
    }

    @Test
    void aDecoderMessageNamesThePathOnce() {
        FaceEncoder failing = new FaceEncoder() {
            @Override
            public String modelId() {
                return "m1";
            }

            @Override
            public List<EncodedFace> encode(Path image) throws IOException {
                throw new IOException(image + ": corrupt or truncated PNG data");
            }

            @Override
            public void close() {}
        };
        CliRun r = CliRun.of(new IdentifyCommand(() -> failing), prepend("--image", ann.toString()));
        assertTrue(r.err().contains("Cannot read image " + ann + ": corrupt or truncated PNG data"), r.err());
        assertFalse(r.err().contains(ann + ": " + ann), r.err());
    }

    @Test
    void directoryAsGalleryIsNotAMissingGallery() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("gallery-folder"));
        CliRun r = CliRun.of(new EnrollCommand(() -> encoder), "--gallery", folder.toString(), "--list");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("it is a directory"), r.err());
        assertFalse(r.err().contains("enrol someone first"), r.err());
    }

    @Test
    void nonJsonCalibrationIsSaidPlainly() throws IOException {
        Path cal = dir.resolve("summary.json");
        Files.writeString(cal, "threshold: 0.7 {[:");
        CliRun r = identify("--image", ann.toString(), "--calibration", cal.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(cal + " cannot be used: it is not valid JSON (at line 1 column"), r.err());
        assertFalse(r.err().toLowerCase().contains("gson") || r.err().contains("Strictness")
                || r.err().contains("Exception"), r.err());
        Files.write(cal, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
        r = identify("--image", ann.toString(), "--calibration", cal.toString());
        assertTrue(r.err().contains(cal + " cannot be used: it is not valid JSON"), r.err());
        assertFalse(r.err().toLowerCase().contains("gson") || r.err().contains("Exception"), r.err());
        CliRun folder = identify("--image", ann.toString(), "--calibration", dir.toString());
        assertTrue(folder.err().contains("it is a directory"), folder.err());
    }
}
