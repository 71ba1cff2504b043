package oneshot.train;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import oneshot.data.IdentityFolder;
import oneshot.embed.FaceTensor;
import oneshot.embed.FrozenPrefix;
import oneshot.net.FaceModel;

/**
 * Fills a {@link FeatureCache} with the frozen prefix's output of every image of a dataset, resuming where a killed
 * build stopped. The key hashes the prefix weights, the LRN mode, the cut, and the image list, so any change rebuilds.
 */
public final class PrefixCacheBuilder {
    private static final int CHUNK = 64;

    private PrefixCacheBuilder() {}

    public static String key(FaceModel model, SplitNetwork split, IdentityFolder data) throws IOException {
        return key(model, split, FaceVariants.plain(data));
    }

    /** The key of the rows of {@code faces}: without augmentation the same as {@link #key(FaceModel, SplitNetwork, IdentityFolder)}. */
    public static String key(FaceModel model, SplitNetwork split, FaceVariants faces) throws IOException {
        MessageDigest md = sha256();
        md.update(("lrn=" + model.manifest().lrnMode + ";cut=" + split.cut() + ";").getBytes(StandardCharsets.UTF_8));
        for (Pair<String, Parameter> p : model.net().block().getParameters()) {
            // Only prefix weights matter: suffix parameters change during training, prefix ones never.
            if (!isPrefix(split, p.getValue())) {
                continue;
            }
            md.update(p.getKey().getBytes(StandardCharsets.UTF_8));
            md.update(p.getValue().getArray().toByteArray());
        }
        faces.digestStudent(md);
        return "nn4-" + split.cachedStage() + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static boolean isPrefix(SplitNetwork split, Parameter p) {
        for (Pair<String, Parameter> q : split.suffix().getParameters()) {
            if (q.getValue() == p) {
                return false;
            }
        }
        return true;
    }

    /** Opens the cache of every row of {@code faces} (all variants) and computes the rows still missing. */
    public static FeatureCache build(FaceModel model, SplitNetwork split, FaceVariants faces, Path cacheDir)
            throws IOException {
        String key = key(model, split, faces);
        FeatureCache cache = FeatureCache.open(cacheDir, key, faces.rows(), split.rowShape(),
                "output of " + split.cachedStage() + " for " + faces.data().root() + " ("
                        + faces.augmentation().key() + "), model " + model.modelId());
        if (cache.complete()) {
            Progress.say("Prefix feature cache %s complete (%s images)", cache.dataFile(), cache.rows());
            return cache;
        }
        if (faces.augmentation().variants() > 0) {
            // The unaugmented cache first, then copied: evaluation and plain runs read it, and it costs no extra work.
            build(model, split, faces.unaugmented(), cacheDir).close();
            cache.copyFirstRowsFrom(cacheDir, key(model, split, faces.unaugmented()), faces.images());
        }
        if (cache.complete()) {
            return cache;
        }
        Progress.say("Computing %s output for %s images into %s (resuming at %s)", split.cachedStage(), faces.rows(),
                cache.dataFile(), cache.done());
        // The frozen layers of a separate inference copy (batch norm folded, channels-last, single-threaded workers):
        // 1.9x the images/s of the training model's layers on Torch's threads; equal to float32 rounding
        // (FrozenPrefixTest).
        try (FaceModel inference = split.cut() == 0 ? null : model.inferenceCopy()) {
            FrozenPrefix prefix = inference == null ? null : new FrozenPrefix(inference, split.cut());
            CacheFill.fill(cache, CHUNK, "prefix features", (first, n) -> {
                float[] input = new float[n * FaceTensor.VALUES];
                for (int i = 0; i < n; i++) {
                    faces.studentInput(first + i, input, i * FaceTensor.VALUES);
                }
                return input;
            }, (input, n) -> prefix == null ? input : prefix.outputs(input, n));
        }
        return cache;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
