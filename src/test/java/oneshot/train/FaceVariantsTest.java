package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import oneshot.align.FaceLandmarks;
import oneshot.align.OpenFaceAligner;
import oneshot.align.OpenFaceTemplate;
import oneshot.data.IdentityFolder;
import oneshot.embed.FaceTensor;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Augmented variants: the student's crop and the teacher's chip of one variant are made from the same moved landmarks
 * and get the same mirror and colour change; parameters are a pure function of (seed, image, variant); variant 0 is the
 * dataset's own file.
 */
class FaceVariantsTest {
    @TempDir
    static Path tmp;
    private static SyntheticFaces faces;
    private static IdentityFolder data;

    @BeforeAll
    static void prepare() throws IOException {
        faces = SyntheticFaces.write(tmp.resolve("set"), 2, 2, 1, 5);
        data = IdentityFolder.scan(faces.aligned);
    }

    @Test
    void bothAlignmentsOfAVariantShareLandmarksMirrorAndColour() throws Exception {
        Augmentation aug = new Augmentation(3, true, 2, 0.05, 4, 0.2, 17);
        FaceSources src = FaceSources.of(data, null);
        FaceVariants v = new FaceVariants(data, src, aug);
        assertEquals(data.size() * 4, v.rows());
        int checked = 0;
        for (int image = 0; image < data.size(); image++) {
            RgbImage original = new ImageDecoder().decode(src.original(image));
            for (int variant = 1; variant <= 3; variant++) {
                int row = v.row(image, variant);
                assertEquals(image, v.image(row));
                assertEquals(variant, v.variant(row));
                Augmentation.Params p = aug.params(image, variant);
                FaceLandmarks moved = p.move(src.landmarks(image));
                assertNotEquals(src.landmarks(image), moved, "jitter moves the landmarks");

                StubTeacher t = new StubTeacher();
                RgbImage chip = v.teacherChip(row, t);
                assertEquals(java.util.List.of(moved), t.chipLandmarks, "the teacher's warp got the moved landmarks");
                RgbImage wantChip = p.paint(t.chip(original, moved));
                assertArrayEquals(wantChip.rgb(), chip.rgb());

                float[] student = new float[FaceTensor.VALUES];
                v.studentInput(row, student, 0);
                RgbImage crop = OpenFaceAligner.alignLandmarks(original, moved, OpenFaceTemplate.OUTER_EYES_AND_NOSE,
                        96).crop();
                assertArrayEquals(FaceTensor.of(p.paint(crop)), student, "the student's warp got the same landmarks,"
                        + " mirror and colour");
                checked++;
            }
        }
        assertEquals(15, checked);
    }

    @Test
    void paintMirrorsAndColoursLikeADirectLoop() {
        byte[] px = new byte[4 * 2 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 10);
        }
        RgbImage img = new RgbImage(4, 2, px);
        Augmentation.Params p = new Augmentation.Params(true, 0, 0, 1, 0, new float[] {1.1f, 1f, 0.5f}, 3f);
        RgbImage out = p.paint(img);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    float g = c == 0 ? 1.1f : c == 1 ? 1f : 0.5f;
                    int want = Math.max(0, Math.min(255, Math.round(img.get(3 - x, y, c) * g + 3f)));
                    assertEquals(want, out.get(x, y, c), "pixel " + x + "," + y + " channel " + c);
                }
            }
        }
    }

    @Test
    void parametersArePureFunctionsOfSeedImageAndVariant() {
        Augmentation a = Augmentation.mild(4, 99);
        assertTrue(a.params(3, 0).isIdentity(), "variant 0 is the original");
        Augmentation.Params p = a.params(3, 2);
        Augmentation.Params q = Augmentation.mild(4, 99).params(3, 2);
        assertEquals(p.dx(), q.dx());
        assertEquals(p.radians(), q.radians());
        assertArrayEquals(p.gain(), q.gain());
        assertNotEquals(p.dx(), a.params(3, 3).dx());
        assertNotEquals(p.dx(), Augmentation.mild(4, 100).params(3, 2).dx());
        assertFalse(p.isIdentity());
        assertTrue(Math.abs(p.dx()) <= 1.5 && Math.abs(p.scale() - 1) <= 0.03 && Math.abs(p.radians()) <= Math.toRadians(3));
    }

    @Test
    void variantZeroIsTheDatasetFileAndPlainKeysDoNotChange() throws Exception {
        FaceVariants plain = FaceVariants.plain(data);
        FaceVariants augmented = new FaceVariants(data, FaceSources.of(data, null), Augmentation.mild(2, 1));
        float[] a = new float[FaceTensor.VALUES];
        float[] b = new float[FaceTensor.VALUES];
        float[] file = new float[FaceTensor.VALUES];
        plain.studentInput(1, a, 0);
        augmented.studentInput(augmented.row(1, 0), b, 0);
        FaceInput.load(data.image(1), file, 0);
        assertArrayEquals(file, a);
        assertArrayEquals(file, b);
        java.security.MessageDigest m1 = java.security.MessageDigest.getInstance("SHA-256");
        java.security.MessageDigest m2 = java.security.MessageDigest.getInstance("SHA-256");
        plain.digestStudent(m1);
        for (int i = 0; i < data.size(); i++) {
            m2.update((data.relativeName(i) + ":" + java.nio.file.Files.size(data.image(i)) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertArrayEquals(m2.digest(), m1.digest(), "an unaugmented run keeps the prefix cache key it always had");
    }
}
