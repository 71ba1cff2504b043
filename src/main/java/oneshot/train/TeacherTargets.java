package oneshot.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The teacher's embedding of every row of {@link FaceVariants} (each image, each augmented variant), computed once on
 * the teacher's own chip and stored like the prefix features ({@link FeatureCache}: float16 rows, resumable after a
 * kill, keyed by the teacher's id, the image list with originals and landmarks, and the augmentation).
 *
 * <p>{@link #check} recomputes a seeded sample of rows and compares: a cache whose rows do not belong to their images
 * (shuffled, from another image list) fails it. Training runs it every time it opens the targets.
 */
public final class TeacherTargets {
    private static final int CHUNK = 32;
    /** Float16 storage rounds unit-vector components by at most 2^-11 relative; the teacher itself is deterministic. */
    static final double CHECK_TOLERANCE = 2e-3;

    private TeacherTargets() {}

    public static String key(Teacher teacher, FaceVariants faces) throws IOException {
        MessageDigest md = sha256();
        md.update(("teacher=" + teacher.id() + ";dim=" + teacher.dimension() + ";").getBytes(StandardCharsets.UTF_8));
        faces.digestTeacher(md);
        return "teacher-" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** Opens the targets of every row of {@code faces} and computes the rows still missing. */
    public static FeatureCache build(Teacher teacher, FaceVariants faces, Path cacheDir) throws IOException {
        FeatureCache cache = FeatureCache.open(cacheDir, key(teacher, faces), faces.rows(),
                new long[] {teacher.dimension()}, "teacher " + teacher.id() + " embeddings of " + faces.data().root()
                        + " (" + faces.augmentation().key() + ")");
        if (cache.complete()) {
            Progress.say("Teacher targets %s complete (%s rows)", cache.dataFile(), cache.rows());
            return cache;
        }
        if (faces.augmentation().variants() > 0) {
            // The unaugmented targets first, then copied: the teacher's own LFW row reads them, at no extra work.
            build(teacher, faces.unaugmented(), cacheDir).close();
            cache.copyFirstRowsFrom(cacheDir, key(teacher, faces.unaugmented()), faces.images());
        }
        if (cache.complete()) {
            return cache;
        }
        Progress.say("Computing teacher %s embeddings of %s rows (%s images x %s variants) into %s (resuming at %s)",
                teacher.id(), faces.rows(), faces.images(), faces.variantsPerImage(), cache.dataFile(), cache.done());
        CacheFill.fill(cache, CHUNK, "teacher targets", (first, n) -> chips(teacher, faces, first, n),
                (chips, n) -> flatten(embed(teacher, chips), teacher.dimension()));
        return cache;
    }

    private static float[][] embedRows(Teacher teacher, FaceVariants faces, int first, int n) throws IOException {
        return embed(teacher, chips(teacher, faces, first, n));
    }

    private static List<oneshot.image.RgbImage> chips(Teacher teacher, FaceVariants faces, int first, int n)
            throws IOException {
        List<oneshot.image.RgbImage> chips = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chips.add(faces.teacherChip(first + i, teacher));
        }
        return chips;
    }

    private static float[][] embed(Teacher teacher, List<oneshot.image.RgbImage> chips) {
        float[][] e = teacher.embed(chips);
        if (e.length != chips.size()) {
            throw new IllegalStateException("Teacher " + teacher.id() + " gave " + e.length + " embeddings for "
                    + chips.size() + " chips");
        }
        return e;
    }

    private static float[] flatten(float[][] rows, int dim) {
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dim) {
                throw new IllegalStateException("Teacher embedding of length " + rows[i].length + ", expected " + dim);
            }
            System.arraycopy(rows[i], 0, out, i * dim, dim);
        }
        return out;
    }

    /**
     * Recomputes {@code samples} seeded rows with the teacher and compares them with the cache.
     *
     * @throws IllegalStateException naming the first row that differs
     */
    public static void check(FeatureCache cache, Teacher teacher, FaceVariants faces, int samples, long seed)
            throws IOException {
        if (cache.rows() != faces.rows() || cache.rowValues() != teacher.dimension()) {
            throw new IllegalStateException("Teacher targets " + cache.dataFile() + " hold " + cache.rows() + " rows of "
                    + cache.rowValues() + ", expected " + faces.rows() + " of " + teacher.dimension());
        }
        SplittableRandom r = new SplittableRandom(seed);
        int m = Math.min(samples, cache.done());
        for (int s = 0; s < m; s++) {
            int row = r.nextInt(cache.done());
            float[] stored = cache.read(new int[] {row});
            float[] fresh = embedRows(teacher, faces, row, 1)[0];
            double scale = 0;
            double maxDiff = 0;
            for (int k = 0; k < fresh.length; k++) {
                scale = Math.max(scale, Math.abs(fresh[k]));
                maxDiff = Math.max(maxDiff, Math.abs(fresh[k] - stored[k]));
            }
            if (maxDiff > CHECK_TOLERANCE * Math.max(scale, 1e-6) * 4) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT, "Teacher targets %s row %d (image"
                        + " %s, variant %d) differ from the teacher's embedding of that image by up to %.4g (largest"
                        + " component %.4g): the cache does not line up with its images; delete %s to rebuild",
                        cache.dataFile(), row, faces.data().relativeName(faces.image(row)), faces.variant(row), maxDiff,
                        scale, cache.dataFile()));
            }
        }
    }

    /** Rows of the cache as unit vectors (the teacher's embeddings are compared as directions). */
    public static float[][] unitRows(FeatureCache cache, int[] rows) throws IOException {
        float[] flat = cache.read(rows);
        int d = cache.rowValues();
        float[][] out = new float[rows.length][d];
        for (int i = 0; i < rows.length; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                float v = flat[i * d + k];
                out[i][k] = v;
                s += v * v;
            }
            float inv = s > 0 ? (float) (1 / Math.sqrt(s)) : 0;
            for (int k = 0; k < d; k++) {
                out[i][k] *= inv;
            }
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
