package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import oneshot.data.IdentityFolder;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teacher targets line up with their images (each row is the teacher's embedding of its own image's chip, made from that
 * image's landmarks; a cache with its rows shuffled fails the check), survive a build killed part-way, and are keyed by
 * teacher, image list and augmentation.
 */
class TeacherTargetsTest {
    @TempDir
    static Path tmp;
    private static SyntheticFaces faces;
    private static IdentityFolder data;

    @BeforeAll
    static void prepare() throws IOException {
        faces = SyntheticFaces.write(tmp.resolve("set"), 3, 3, 2, 11);
        data = IdentityFolder.scan(faces.aligned);
    }

    private static FaceVariants variants(Augmentation a) throws IOException {
        return new FaceVariants(data, FaceSources.of(data, null), a);
    }

    /** The teacher's embedding of image i computed directly from the original file and align.csv's landmarks. */
    private static float[] direct(int image) throws Exception {
        FaceSources src = FaceSources.of(data, null);
        RgbImage original = new ImageDecoder().decode(src.original(image));
        StubTeacher t = new StubTeacher();
        return t.embed(java.util.List.of(t.chip(original, src.landmarks(image))))[0];
    }

    @Test
    void rowsAreTheTeachersEmbeddingsOfTheirOwnImages() throws Exception {
        FaceVariants v = variants(Augmentation.NONE);
        try (FeatureCache c = TeacherTargets.build(new StubTeacher(), v, tmp.resolve("c1"))) {
            assertEquals(data.size(), c.rows());
            for (int i = 0; i < data.size(); i++) {
                float[] want = direct(i);
                float[] got = c.read(new int[] {i});
                for (int k = 0; k < want.length; k++) {
                    assertEquals(want[k], got[k], 1e-3, "image " + data.relativeName(i) + " component " + k);
                }
            }
            TeacherTargets.check(c, new StubTeacher(), v, data.size(), 1);
        }
    }

    @Test
    void aCacheWithShuffledRowsFailsTheCheck() throws Exception {
        FaceVariants v = variants(Augmentation.NONE);
        Path dir = tmp.resolve("c2");
        Path file;
        try (FeatureCache c = TeacherTargets.build(new StubTeacher(), v, dir)) {
            file = c.dataFile();
            TeacherTargets.check(c, new StubTeacher(), v, 8, 3);
        }
        // Rotate the rows by one: every row now holds its neighbour's embedding.
        byte[] bytes = Files.readAllBytes(file);
        int rowBytes = 48 * 2;
        byte[] rotated = new byte[bytes.length];
        System.arraycopy(bytes, rowBytes, rotated, 0, bytes.length - rowBytes);
        System.arraycopy(bytes, 0, rotated, bytes.length - rowBytes, rowBytes);
        Files.write(file, rotated);
        try (FeatureCache c = TeacherTargets.build(new StubTeacher(), v, dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TeacherTargets.check(c, new StubTeacher(), v, 8, 3));
            assertTrue(e.getMessage().contains("does not line up"), e.getMessage());
        }
    }

    @Test
    void aKilledBuildResumesAndEndsWithTheSameRows() throws Exception {
        Augmentation aug = Augmentation.mild(4, 5);
        FaceVariants v = variants(aug);
        assertEquals(5 * data.size(), v.rows());
        Path dir = tmp.resolve("c3");
        // 11 images x 5 variants. The 11 unaugmented targets are built (their own cache) and copied first; the other 44
        // are a chunk of 32 and one of 12: a teacher that dies on its 44th embedding (11 + 32 done) tears the second.
        assertThrows(IllegalStateException.class, () -> TeacherTargets.build(new StubTeacher(11 + 32), v, dir));
        String key = TeacherTargets.key(new StubTeacher(), v);
        int doneAfterKill;
        try (FeatureCache partial = FeatureCache.open(dir, key, v.rows(), new long[] {48}, "test")) {
            doneAfterKill = partial.done();
        }
        assertEquals(11 + 32, doneAfterKill, "the finished chunk survives, the torn one is not counted");
        float[] resumed;
        try (FeatureCache c = TeacherTargets.build(new StubTeacher(), v, dir)) {
            assertTrue(c.complete());
            resumed = c.read(allRows(v.rows()));
            TeacherTargets.check(c, new StubTeacher(), v, v.rows(), 9);
        }
        try (FeatureCache c = TeacherTargets.build(new StubTeacher(), v, tmp.resolve("c3-uninterrupted"))) {
            assertArrayEquals(c.read(allRows(v.rows())), resumed, "resumed build equals an uninterrupted one");
        }
    }

    @Test
    void anAugmentedBuildCopiesTheUnaugmentedRowsInsteadOfRecomputingThem() throws Exception {
        Augmentation aug = Augmentation.mild(2, 5);
        FaceVariants v = variants(aug);
        Path dir = tmp.resolve("c4");
        try (FeatureCache plain = TeacherTargets.build(new StubTeacher(), variants(Augmentation.NONE), dir)) {
            assertTrue(plain.complete());
        }
        // 11 images x 3 variants: with the 11 unaugmented rows copied, 22 embeddings finish the cache; computing all
        // 33 would make this teacher fail on its 23rd.
        float[] reused;
        try (FeatureCache c = TeacherTargets.build(new StubTeacher(2 * data.size()), v, dir)) {
            assertTrue(c.complete());
            reused = c.read(allRows(v.rows()));
        }
        try (FeatureCache c = TeacherTargets.build(new StubTeacher(), v, tmp.resolve("c4-computed"))) {
            assertArrayEquals(c.read(allRows(v.rows())), reused, "copied rows equal computed ones");
            TeacherTargets.check(c, new StubTeacher(), v, v.rows(), 4);
        }
        // A fresh augmented build leaves the unaugmented targets complete too (the teacher's own LFW row reads them).
        FaceVariants plainFaces = variants(Augmentation.NONE);
        try (FeatureCache plain = FeatureCache.open(tmp.resolve("c4-computed"),
                TeacherTargets.key(new StubTeacher(), plainFaces), plainFaces.rows(), new long[] {48}, "test")) {
            assertTrue(plain.complete(), "the unaugmented targets were built first");
            assertArrayEquals(java.util.Arrays.copyOf(reused, plainFaces.rows() * 48), plain.read(allRows(plain.rows())));
        }
        assertThrows(IllegalStateException.class,
                () -> TeacherTargets.build(new StubTeacher(2 * data.size()), v, tmp.resolve("c4-no-plain")),
                "without an unaugmented cache every row is computed once (the plain ones first)");
    }

    @Test
    void keyNamesTeacherImagesAndAugmentation() throws Exception {
        String plain = TeacherTargets.key(new StubTeacher(), variants(Augmentation.NONE));
        assertEquals(plain, TeacherTargets.key(new StubTeacher(), variants(Augmentation.NONE)));
        assertNotEquals(plain, TeacherTargets.key(new StubTeacher(), variants(Augmentation.mild(2, 5))));
        assertNotEquals(TeacherTargets.key(new StubTeacher(), variants(Augmentation.mild(2, 5))),
                TeacherTargets.key(new StubTeacher(), variants(Augmentation.mild(2, 6))), "augmentation seed");
        Teacher other = new StubTeacher() {
            @Override
            public String id() { return "stub-grid-means-v2"; }
        };
        assertNotEquals(plain, TeacherTargets.key(other, variants(Augmentation.NONE)));
    }

    private static int[] allRows(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
