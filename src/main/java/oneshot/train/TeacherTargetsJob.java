package oneshot.train;

import java.nio.file.Path;
import oneshot.data.IdentityFolder;

/**
 * Builds (or resumes) and checks the teacher targets of a dataset on their own, so they can be computed once ahead of
 * the training runs that share them. Usage: {@code TeacherTargetsJob DATA [TEACHER [AUGMENT_VARIANTS [SEED [CACHE_DIR
 * [WEIGHTS_DIR]]]]]}; defaults dlib-resnet, 0, Train's seed, cache/features, weights.
 */
public final class TeacherTargetsJob {
    private TeacherTargetsJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].equals("--help")) {
            System.err.println("usage: TeacherTargetsJob DATA [TEACHER [AUGMENT_VARIANTS [SEED [CACHE_DIR [WEIGHTS_DIR]]]]]");
            System.exit(2);
        }
        IdentityFolder data = IdentityFolder.scan(Path.of(args[0]));
        String name = args.length > 1 ? args[1] : DlibResNetTeacher.NAME;
        int variants = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 20261123L;
        Path cache = Path.of(args.length > 4 ? args[4] : "cache/features");
        Path weights = Path.of(args.length > 5 ? args[5] : "weights");
        FaceVariants faces = new FaceVariants(data, FaceSources.of(data, null), Augmentation.mild(variants, seed));
        long t0 = System.nanoTime();
        try (Teacher t = Teachers.builtIn(weights).open(name);
             FeatureCache c = TeacherTargets.build(t, faces, cache)) {
            TeacherTargets.check(c, t, faces, 16, seed);
            System.out.printf("%s: %d rows of %s, 16 sampled rows re-embedded and matched; %.1f s%n", c.dataFile(),
                    c.rows(), t.id(), (System.nanoTime() - t0) / 1e9);
        }
        System.exit(0);
    }
}
