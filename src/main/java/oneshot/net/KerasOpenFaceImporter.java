package oneshot.net;

import oneshot.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reads a Keras-OpenFace weights folder (one {@code <tensor>.csv} per tensor) into name -> values, validated.
 *
 * <p>Files the layout does not name (LICENSE, the stray {@code inception_5a_3x3_conv2_m/_v}) are ignored. A folder that
 * lacks conv kernels is accepted only when the caller allows it; those kernels are then He-initialised from a fixed seed
 * (so two imports give identical bytes) and reported as missing.
 */
public final class KerasOpenFaceImporter {
    /** Fixed so that importing the same folder twice gives identical parameters. */
    public static final long HE_INIT_SEED = 20_260_101L;

    /** The tensors read, the ones missing, and the sha256 of every file read. */
    public record Result(Map<String, float[]> values, List<String> missing, Map<String, String> sha256, Path folder) {
        public boolean complete() {
            return missing.isEmpty();
        }
    }

    private final WeightLayout layout;

    public KerasOpenFaceImporter(WeightLayout layout) {
        this.layout = layout;
    }

    public Result read(Path folder, boolean allowMissingKernels) throws IOException {
        return read(List.of(folder), allowMissingKernels);
    }

    /**
     * Reads from the first folder that has each file: a full clone is one folder; the shared partial export plus a folder
     * of the missing kernels (as golden/nn4/fill) is two.
     */
    public Result read(List<Path> folders, boolean allowMissingKernels) throws IOException {
        for (Path f : folders) {
            if (!Files.isDirectory(f)) {
                throw new WeightFileException(f, "is not a folder of Keras-OpenFace weight CSVs");
            }
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, String> sha = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (TensorSpec t : layout.tensors()) {
            Path file = find(folders, t.name() + ".csv");
            if (file == null) {
                missing.add(t.name());
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            values.put(t.name(), CsvTensorReader.parse(file, bytes, t));
            sha.put(t.name(), AtomicFiles.sha256(bytes));
        }
        if (values.isEmpty()) {
            throw new WeightFileException(folders.get(0), "holds none of the " + layout.tensors().size()
                    + " Keras-OpenFace tensor files (e.g. conv1_w.csv): wrong folder?");
        }
        List<String> notKernels = missing.stream().filter(n -> !spec(n).kernel()).toList();
        if (!notKernels.isEmpty()) {
            throw new WeightFileException(folders.get(0), "lacks " + notKernels.size() + " bias/BatchNorm tensors that cannot be"
                    + " initialised sensibly: " + notKernels);
        }
        if (!missing.isEmpty() && !allowMissingKernels) {
            long params = missing.stream().mapToLong(n -> spec(n).size()).sum();
            throw new WeightFileException(folders.get(0), "lacks " + missing.size() + " conv kernels (" + params
                    + " parameters): " + missing + ". A full Keras-OpenFace clone has them. To import anyway, with those layers"
                    + " He-initialised and the model marked untrained until Train recovers them, pass --allow-missing.");
        }
        return new Result(values, List.copyOf(missing), sha, folders.get(0));
    }

    private TensorSpec spec(String name) {
        return layout.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static Path find(List<Path> folders, String file) {
        for (Path f : folders) {
            Path p = f.resolve(file);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** He-normal kernel, one generator per tensor name so the order of missing tensors does not matter. */
    public static float[] heNormal(TensorSpec t, long seed) {
        Random rng = new Random(seed ^ t.name().hashCode());
        double std = Math.sqrt(2.0 / t.fanIn());
        float[] v = new float[(int) t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * std);
        }
        return v;
    }

}
