package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.Vectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gallery commands end to end through picocli, with a fake face pipeline and a real gallery file. */
class GalleryCommandsTest {
    @TempDir
    Path dir;

    private final Random rnd = new Random(31);
    private float[] ann;
    private float[] bob;
    private FakeFaceEncoder encoder;
    private Path db;

    /** What a command printed and returned. */
    record Run(int code, String out, String err) {}

    @BeforeEach
    void setUp() throws Exception {
        ann = unit();
        bob = unit();
        db = dir.resolve("people.db");
        encoder = new FakeFaceEncoder("nn4-test")
                .with("ann1.png", face(40, 40, 60, ann, 0.03))
                .with("ann2.png", face(40, 40, 60, ann, 0.03))
                .with("bob.png", face(10, 10, 50, bob, 0.03))
                .with("empty.png")
                .with("group.png", face(10, 10, 30, bob, 0.03), face(100, 20, 70, ann, 0.03), face(200, 30, 40, unit(), 0))
                .with("ann-again.png", face(40, 40, 60, ann, 0.05));
        for (String name : new String[] {"ann1.png", "ann2.png", "bob.png", "empty.png", "group.png", "ann-again.png"}) {
            BufferedImage img = new BufferedImage(320, 160, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, name.hashCode()); // different bytes, different sha256
            ImageIO.write(img, "png", dir.resolve(name).toFile());
        }
    }

    private float[] unit() {
        float[] v = new float[128];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Vectors.normalized(v);
    }

    private EncodedFace face(double x, double y, double size, float[] centre, double noise) {
        float[] v = new float[centre.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (centre[i] + noise * rnd.nextGaussian());
        }
        return new EncodedFace(new FaceBox(x, y, size, size), 0.99, Vectors.normalized(v), "fake");
    }

    private Run run(Object command, String... args) {
        CliRun r = CliRun.of(command, args);
        return new Run(r.code(), r.out(), r.err());
    }

    private Run enroll(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--gallery";
        all[1] = db.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(new EnrollCommand(() -> encoder), all);
    }

    private String img(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void enrolOneImageThenExtendTheTemplate() {
        Run r = enroll("--name", "Ann", "--image", img("ann1.png"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Enrolled 'Ann'") && r.out().contains("1 image(s)"), r.out());
        r = enroll("--name", "Ann", "--image", img("ann2.png"));
        assertTrue(r.out().contains("2 image(s) in the template"), r.out());
        assertEquals(2, encoder.closed, "the encoder is closed after each command");
    }

    @Test
    void noFaceAndSeveralFacesAreRefusedClearly() {
        Run none = enroll("--name", "Ann", "--image", img("empty.png"));
        assertEquals(1, none.code());
        assertTrue(none.err().contains("No face found in " + img("empty.png")), none.err());
        Run several = enroll("--name", "Ann", "--image", img("group.png"));
        assertEquals(1, several.code());
        assertTrue(several.err().contains("has 3 faces") && several.err().contains("--face largest")
                && several.err().contains("face 3: box"), several.err());
        Run largest = enroll("--name", "Ann", "--image", img("group.png"), "--face", "largest");
        assertEquals(0, largest.code(), largest.err());
        assertTrue(largest.out().contains("x=100"), "the 70-pixel face: " + largest.out());
        Run second = enroll("--name", "Bob", "--image", img("group.png"), "--face", "1");
        assertEquals(0, second.code(), second.err());
        Run missing = enroll("--name", "Bob", "--image", img("nope.png"));
        assertTrue(missing.err().contains("No such image file: " + img("nope.png")), missing.err());
        Run unreadable = enroll("--name", "Bob", "--image", db.toString());
        assertTrue(unreadable.err().contains("Cannot read image " + db), unreadable.err());
    }

    @Test
    void withoutAFacePipelineNoGalleryFileIsCreated() {
        Run r = run(new EnrollCommand(() -> {
            throw new oneshot.gallery.GalleryException("No face encoder is available in this build");
        }), "--gallery", db.toString(), "--name", "Ann", "--image", img("ann1.png"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("No face encoder"), r.err());
        assertFalse(Files.exists(db));
        assertTrue(run(new EnrollCommand(), "--gallery", db.toString(), "--list").err().contains("No gallery at"),
                "listing needs no face pipeline and creates nothing");
        assertFalse(Files.exists(db));
    }

    @Test
    void sameImageTwiceIsRefusedAndNothingAdded() {
        enroll("--name", "Ann", "--image", img("ann1.png"));
        Run again = enroll("--name", "Ann", "--image", img("ann1.png"));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already enrolled for 'Ann'"), again.err());
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            assertEquals(1, store.embeddingCount());
        }
    }

    @Test
    void listRenameRemove() {
        enroll("--name", "Ann", "--image", img("ann1.png"), "--image", img("ann2.png"));
        enroll("--name", "Bob", "--image", img("bob.png"));
        Run list = enroll("--list");
        assertTrue(list.out().contains("model nn4-test, 2 people") && list.out().matches("(?s).*Ann\\s+2 image.*"), list.out());
        assertEquals(0, enroll("--rename", "Ann", "Anna").code());
        assertTrue(enroll("--list").out().contains("Anna"));
        Run check = enroll("--check");
        assertEquals(0, check.code(), check.err());
        assertTrue(check.out().contains("integrity ok"), check.out());
        Run removed = enroll("--remove", "Bob");
        assertTrue(removed.out().contains("deleted 1 vector(s)"), removed.out());
        Run gone = enroll("--remove", "Bob");
        assertEquals(1, gone.code());
        assertTrue(gone.err().contains("No identity named 'Bob'"), gone.err());
        Run both = enroll("--list", "--remove", "Anna");
        assertEquals(2, both.code(), "a usage error");
        assertTrue(both.err().contains("exactly one of"), both.err());
    }

    private Run identify(FakeFaceEncoder enc, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--gallery";
        all[1] = db.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(new IdentifyCommand(() -> enc), all);
    }

    @Test
    void identifyNamesKnownFacesAndSaysUnknownForStrangers() throws Exception {
        enroll("--name", "Ann", "--image", img("ann1.png"));
        enroll("--name", "Bob", "--image", img("bob.png"));
        Path png = dir.resolve("out/annotated.png");
        Run r = identify(encoder, "--image", img("group.png"), "--threshold", "0.9", "--annotate", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 face(s)") && r.out().contains("threshold 0.9000 (given with --threshold)"), r.out());
        assertTrue(r.out().matches("(?s).*face 1 \\[[^]]*]: Bob \\(distance.*face 2 \\[[^]]*]: Ann \\(distance.*"
                + "face 3 \\[[^]]*]: unknown \\(distance.*"), r.out());

        BufferedImage drawn = ImageIO.read(png.toFile());
        assertEquals(320, drawn.getWidth());
        int known = drawn.getRGB(100, 60) & 0xffffff; // left edge of Ann's box
        int unknown = drawn.getRGB(200, 50) & 0xffffff; // left edge of the stranger's box
        assertTrue(((known >> 8) & 0xff) > 150 && (known >> 16 & 0xff) < 100, Integer.toHexString(known));
        assertTrue((unknown >> 16 & 0xff) > 150 && ((unknown >> 8) & 0xff) < 100, Integer.toHexString(unknown));

        Run j = identify(encoder, "--image", img("group.png"), "--threshold", "0.9", "--json", "--top", "2");
        JsonObject o = JsonParser.parseString(j.out()).getAsJsonObject();
        assertEquals("nn4-test", o.get("modelId").getAsString());
        assertEquals(0.9, o.getAsJsonObject("threshold").get("value").getAsDouble());
        var faces = o.getAsJsonArray("faces");
        assertEquals(3, faces.size());
        assertEquals("Bob", faces.get(0).getAsJsonObject().get("verdict").getAsString());
        assertEquals("Ann", faces.get(1).getAsJsonObject().get("verdict").getAsString());
        JsonObject stranger = faces.get(2).getAsJsonObject();
        assertEquals("unknown", stranger.get("verdict").getAsString());
        assertTrue(stranger.get("distance").getAsDouble() > 0.9);
        assertEquals(2, stranger.getAsJsonArray("matches").size());
    }

    @Test
    void identifyWithoutCalibrationSaysTheDefaultIsUncalibrated() {
        enroll("--name", "Ann", "--image", img("ann1.png"));
        Run r = identify(encoder, "--image", img("ann2.png"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("UNCALIBRATED default 0.99"), r.err());
        assertTrue(r.out().contains(": Ann (distance"), r.out());
    }

    @Test
    void identifyRefusesAnotherModelOrItsCalibration() throws Exception {
        enroll("--name", "Ann", "--image", img("ann1.png"));
        FakeFaceEncoder other = new FakeFaceEncoder("nn4-finetuned").with("ann2.png", face(0, 0, 9, ann, 0.03));
        Run r = identify(other, "--image", img("ann2.png"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'nn4-test'") && r.err().contains("re-enrol"), r.err());

        Path summary = dir.resolve("summary.json");
        Files.writeString(summary, "{\"calibration\": {\"distance\": \"squared_l2\", \"threshold\": 0.7, \"targetFar\": 0.01,"
                + " \"source\": \"open-set\", \"modelId\": \"nn4-other\"}}");
        Run cal = identify(encoder, "--image", img("ann2.png"), "--calibration", summary.toString());
        assertEquals(1, cal.code());
        assertTrue(cal.err().contains("calibrated for model 'nn4-other'"), cal.err());

        Run missing = run(new IdentifyCommand(() -> encoder), "--gallery", dir.resolve("none.db").toString(), "--image",
                img("ann2.png"));
        assertTrue(missing.err().contains("No gallery at"), missing.err());
        assertFalse(Files.exists(dir.resolve("none.db")), "Identify never creates a gallery");
    }

    private Run verify(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--gallery";
        all[1] = db.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(new VerifyCommand(() -> encoder), all);
    }

    @Test
    void verifyTwoImagesOrAnImageAgainstAName() {
        Run same = verify("--image", img("ann1.png"), "--image", img("ann-again.png"), "--threshold", "0.8");
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().startsWith("SAME person") && same.out().contains("<= threshold 0.8000"), same.out());
        Run diff = verify("--image", img("ann1.png"), "--image", img("bob.png"), "--threshold", "0.8");
        assertTrue(diff.out().startsWith("DIFFERENT people"), diff.out());

        enroll("--name", "Ann", "--image", img("ann1.png"), "--image", img("ann2.png"));
        Run named = verify("--image", img("ann-again.png"), "--name", "Ann", "--json", "--threshold", "0.8");
        JsonObject o = JsonParser.parseString(named.out()).getAsJsonObject();
        assertTrue(o.get("samePerson").getAsBoolean());
        assertTrue(o.get("distance").getAsDouble() < 0.8);
        Run notAnn = verify("--image", img("bob.png"), "--name", "Ann", "--threshold", "0.8");
        assertTrue(notAnn.out().startsWith("DIFFERENT people"), notAnn.out());
        assertTrue(notAnn.err().contains("note: threshold given with --threshold"), notAnn.err());
        Run uncalibrated = verify("--image", img("bob.png"), "--name", "Ann", "--json");
        assertTrue(uncalibrated.err().contains("UNCALIBRATED default"), uncalibrated.err());
        assertTrue(JsonParser.parseString(uncalibrated.out()).getAsJsonObject().getAsJsonObject("threshold")
                .get("origin").getAsString().startsWith("UNCALIBRATED"), uncalibrated.out());
        Run nobody = verify("--image", img("bob.png"), "--name", "Zed");
        assertTrue(nobody.err().contains("No one named 'Zed'"), nobody.err());
        Run group = verify("--image", img("group.png"), "--image", img("bob.png"));
        assertTrue(group.err().contains("has 3 faces"), group.err());
    }
}
