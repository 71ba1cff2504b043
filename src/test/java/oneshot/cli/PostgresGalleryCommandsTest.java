package oneshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceBox;
import oneshot.gallery.TestVectors;
import oneshot.gallery.pg.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Enroll, Identify and Verify with {@code --gallery jdbc:postgresql://...}: the same commands, a database gallery. */
class PostgresGalleryCommandsTest {
    @RegisterExtension
    static final TestPostgres.PerClass pg = TestPostgres.perClass();

    @TempDir
    Path dir;

    @Test
    void enrolIdentifyVerifyListRenameRemoveCheckOnADatabase() throws Exception {
        Random rnd = new Random(41);
        float[] ann = TestVectors.random(rnd, 128);
        float[] bob = TestVectors.random(rnd, 128);
        FakeFaceEncoder encoder = new FakeFaceEncoder("nn4-test")
                .with("ann1.png", face(ann, rnd))
                .with("ann2.png", face(ann, rnd))
                .with("bob.png", face(bob, rnd));
        for (String name : new String[] {"ann1.png", "ann2.png", "bob.png"}) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, name.hashCode());
            ImageIO.write(img, "png", dir.resolve(name).toFile());
        }
        String url = pg.newDatabase() + "&password=hunter2";
        CliRun e1 = CliRun.of(new EnrollCommand(() -> encoder), "--gallery", url, "--name", "ann", "--image", img("ann1.png"));
        assertEquals(0, e1.code(), e1.toString());
        CliRun e2 = CliRun.of(new EnrollCommand(() -> encoder), "--gallery", url, "--name", "bob", "--image", img("bob.png"));
        assertEquals(0, e2.code(), e2.toString());
        CliRun list = CliRun.of(new EnrollCommand(), "--gallery", url, "--list");
        assertTrue(list.out().contains("model nn4-test, 2 people") && !list.out().contains("hunter2")
                && list.out().contains("password=***"), list.toString());
        CliRun who = CliRun.of(new IdentifyCommand(() -> encoder), "--gallery", url, "--image", img("ann2.png"),
                "--threshold", "0.5");
        assertEquals(0, who.code(), who.toString());
        assertTrue(who.out().contains("ann"), who.toString());
        CliRun same = CliRun.of(new VerifyCommand(() -> encoder), "--gallery", url, "--image", img("ann2.png"), "--name",
                "ann", "--threshold", "0.5");
        assertEquals(0, same.code(), same.toString());
        assertEquals(0, CliRun.of(new EnrollCommand(), "--gallery", url, "--rename", "bob", "robert").code());
        CliRun removed = CliRun.of(new EnrollCommand(), "--gallery", url, "--remove", "robert");
        assertEquals(0, removed.code(), removed.toString());
        assertTrue(removed.out().contains("deleted 1 vector(s)") && !removed.out().contains("old copies"), removed.toString());
        CliRun check = CliRun.of(new EnrollCommand(), "--gallery", url, "--check");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.out().contains("integrity ok"), check.toString());
    }

    @Test
    void anUnsupportedUrlIsAUsageErrorAndAnEmptyDatabaseIsNoGallery() throws Exception {
        CliRun mysql = CliRun.of(new EnrollCommand(), "--gallery", "jdbc:mysql://localhost/faces", "--list");
        assertEquals(2, mysql.code(), mysql.toString());
        assertTrue(mysql.err().contains("Unsupported gallery URL"), mysql.toString());
        CliRun empty = CliRun.of(new EnrollCommand(), "--gallery", pg.newDatabase(), "--list");
        assertEquals(1, empty.code(), empty.toString());
        assertTrue(empty.err().contains("No gallery at"), empty.toString());
        CliRun unreachable = CliRun.of(new EnrollCommand(), "--gallery", "jdbc:postgresql://127.0.0.1:1/none", "--list");
        assertEquals(1, unreachable.code(), unreachable.toString());
        assertTrue(unreachable.err().contains("Cannot connect to the PostgreSQL gallery"), unreachable.toString());
    }

    private String img(String name) {
        return dir.resolve(name).toString();
    }

    private static EncodedFace face(float[] centre, Random rnd) {
        return new EncodedFace(new FaceBox(10, 10, 40, 40), 0.99, TestVectors.near(rnd, centre, 0.03), "fake");
    }
}
