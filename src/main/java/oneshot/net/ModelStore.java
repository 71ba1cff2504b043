package oneshot.net;

import ai.djl.MalformedModelException;
import oneshot.io.AtomicFiles;
import oneshot.net.dlib.DlibImport;
import oneshot.net.dlib.FaceRecognitionNet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Saves and loads models as {@code <dir>/<name>-0000.params} (DJL's positional format) plus {@code <dir>/<name>.json}.
 *
 * <p>The parameters file is written to a temp folder and renamed, then the manifest; the manifest records the file's
 * sha256, so a half-written or swapped parameters file is refused at load instead of producing wrong embeddings.
 */
public final class ModelStore {
    private ModelStore() {}

    /** What Train writes: the imported weights with the missing layers recovered. */
    public static final String TRAINED = "nn4.small2.oneshot";
    /** ImportWeights of a complete Keras-OpenFace set. */
    public static final String COMPLETE_IMPORT = "nn4.small2.v1";
    /** ImportWeights --allow-missing of the partial set: untrained layers. */
    public static final String PARTIAL_IMPORT = "nn4.small2.v1-partial";

    /**
     * The model a command uses when none is named: a trained one, else a complete import, else the partial import
     * (whose untrained layers the caller must announce).
     */
    public static FaceModel loadDefault(String pathOrName) throws IOException {
        if (pathOrName != null && !pathOrName.isBlank()) {
            return load(pathOrName, null);
        }
        Path dir = defaultDir();
        if (!Files.isDirectory(dir)) {
            throw new WeightFileException(dir, (Files.exists(dir) ? "is not a folder" : "does not exist")
                    + ": no weights folder to load a model from (set -Doneshot.weights=DIR or ONESHOT_WEIGHTS, or run"
                    + " mvn -q exec:java -Dexec.mainClass=ImportWeights -Dexec.args=--allow-missing in the project)");
        }
        for (String name : new String[] {TRAINED, COMPLETE_IMPORT, PARTIAL_IMPORT}) {
            if (Files.isRegularFile(paramsFile(dir, name))) {
                return load(dir, name, null);
            }
        }
        throw new WeightFileException(dir, "holds no model. Run: mvn -q exec:java -Dexec.mainClass=ImportWeights"
                + " -Dexec.args=--allow-missing   then   mvn -q exec:java -Dexec.mainClass=Train");
    }

    /**
     * {@code -Doneshot.weights=DIR}, else the environment variable {@code ONESHOT_WEIGHTS}, else {@code weights/} of the
     * project folder ({@link oneshot.ProjectRoot}), so every command finds its models from any working directory.
     */
    public static Path defaultDir() {
        String dir = System.getProperty("oneshot.weights");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("ONESHOT_WEIGHTS");
        }
        return dir == null || dir.isBlank() ? oneshot.ProjectRoot.get().resolve("weights") : Paths.get(dir);
    }

    /**
     * The manifest (as JSON) in the weights folder whose {@code modelId} is the given one, or null: what a report records
     * about the model behind a table of embeddings or a {@code OneShot}'s {@code modelId()}.
     */
    public static com.google.gson.JsonElement manifestOf(String modelId) {
        Path dir = defaultDir();
        if (modelId == null || modelId.isEmpty() || !Files.isDirectory(dir)) {
            return null;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    com.google.gson.JsonElement j = com.google.gson.JsonParser.parseString(Files.readString(f));
                    if (j.isJsonObject() && j.getAsJsonObject().has("modelId")
                            && modelId.equals(j.getAsJsonObject().get("modelId").getAsString())) {
                        return j;
                    }
                } catch (IOException | RuntimeException e) {
                    // not a manifest: ignore
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    public static Path paramsFile(Path dir, String name) {
        return dir.resolve(name + "-0000.params");
    }

    public static Path manifestFile(Path dir, String name) {
        return dir.resolve(name + ".json");
    }

    /** Saves parameters and manifest; fills in the manifest's file name, sha256 and model id. */
    public static void save(FaceModel m, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path tmpDir = Files.createTempDirectory(dir, ".save-" + name + "-");
        try {
            m.model().save(tmpDir, name);
            Path written = paramsFile(tmpDir, name);
            String sha = AtomicFiles.sha256(written);
            AtomicFiles.move(written, paramsFile(dir, name));
            ModelManifest mf = m.manifest();
            mf.name = name;
            mf.parametersFile = paramsFile(dir, name).getFileName().toString();
            mf.parametersSha256 = sha;
            mf.modelId = modelIdOf(mf);
            mf.write(manifestFile(dir, name));
        } finally {
            deleteTree(tmpDir);
        }
    }

    /**
     * Turns test-time flip averaging of a saved model on or off: the manifest's flag and, with it, the model id (the
     * weights stay). Nothing is written when the flag already has that value.
     */
    public static void setFlipAverage(Path dir, String name, boolean flip) throws IOException {
        Path file = manifestFile(dir, name);
        ModelManifest mf = ModelManifest.read(file);
        if (mf.flipAverage == flip) {
            return;
        }
        mf.flipAverage = flip;
        mf.modelId = modelIdOf(mf);
        mf.write(file);
    }

    /** Ends the id of a model whose embedder averages each face with its mirror image: other vectors, other id. */
    public static final String FLIP_ID_SUFFIX = "-flip";

    /** The id of a manifest's weights as they are embedded: architecture, parameters, flip averaging. */
    static String modelIdOf(ModelManifest mf) {
        return modelIdOf(mf.architecture, mf.parametersSha256) + (mf.flipAverage ? FLIP_ID_SUFFIX : "");
    }

    /** Model ids name the weights, not the file: the same bytes give the same id wherever they are. */
    public static String modelIdOf(String paramsSha256) {
        return modelIdOf(Nn4Small2.ARCHITECTURE, paramsSha256);
    }

    /** How the model ids of dlib's ResNet begin (the architecture is part of the id). */
    public static final String DLIB_ID_PREFIX = "dlibr34-";

    /** {@code nn4s2-<sha16>} or {@code dlibr34-<sha16>}. */
    public static String modelIdOf(String architecture, String paramsSha256) {
        String prefix = FaceRecognitionNet.ARCHITECTURE.equals(architecture) ? DLIB_ID_PREFIX : "nn4s2-";
        return prefix + paramsSha256.substring(0, 16);
    }

    /**
     * Loads a model given its params file, its manifest, or a name in {@link #defaultDir()}.
     *
     * @param lrnOverride null to use the manifest's LRN mode
     */
    public static FaceModel load(String pathOrName, LrnMode lrnOverride) throws IOException {
        Path p = Paths.get(pathOrName);
        Path dir;
        String name;
        String file = p.getFileName().toString();
        if (file.endsWith("-0000.params")) {
            dir = parentOf(p);
            name = file.substring(0, file.length() - "-0000.params".length());
        } else if (file.endsWith(".json")) {
            dir = parentOf(p);
            name = file.substring(0, file.length() - ".json".length());
        } else if (Files.isDirectory(p)) {
            throw new WeightFileException(p, "is a folder; name a model (e.g. weights/nn4.small2.v1-0000.params)");
        } else {
            dir = p.getParent() == null ? defaultDir() : p.getParent();
            name = file;
        }
        return load(dir, name, lrnOverride);
    }

    public static FaceModel load(Path dir, String name, LrnMode lrnOverride) throws IOException {
        name = nameOfModelId(dir, name);
        Path params = paramsFile(dir, name);
        Path manifestPath = manifestFile(dir, name);
        if (!Files.isRegularFile(params) && DlibImport.NAME.equals(name) && Files.isDirectory(DlibImport.defaultSource())) {
            // cheap (about a second): a user naming the model never needs a separate import step
            System.err.println("importing " + DlibImport.NAME + " from " + DlibImport.defaultSource() + " into " + dir);
            DlibImport.importInto(DlibImport.defaultSource(), dir, name).close();
        }
        if (!Files.isRegularFile(params)) {
            throw new WeightFileException(params, "not found. Import weights first: mvn -q exec:java -Dexec.mainClass=ImportWeights");
        }
        if (!Files.isRegularFile(manifestPath)) {
            throw new WeightFileException(manifestPath, "not found: every OneShot model needs its manifest beside its parameters");
        }
        ModelManifest mf = ModelManifest.read(manifestPath);
        String sha = AtomicFiles.sha256(params);
        if (!sha.equals(mf.parametersSha256)) {
            throw new WeightFileException(params, "does not match its manifest (sha256 " + sha.substring(0, 12) + " vs "
                    + mf.parametersSha256.substring(0, 12) + "): a half-written or replaced file. Re-import or re-train it.");
        }
        boolean dlib = FaceRecognitionNet.ARCHITECTURE.equals(mf.architecture);
        if (dlib) {
            mf.lrnMode = null; // absent from its JSON; the field's nn4 default does not apply
        }
        LrnMode lrn = dlib ? null : lrnOverride != null ? lrnOverride : mf.lrn();
        FaceModel m = dlib ? FaceModel.of(new FaceRecognitionNet(), mf) : FaceModel.createUninitialized(lrn, mf);
        try {
            m.model().load(dir, name);
        } catch (MalformedModelException | RuntimeException e) {
            m.close();
            throw new WeightFileException(params, "is not an " + mf.architecture + " parameter file this build can read: "
                    + e.getMessage(), e);
        }
        if (lrnOverride != null && !dlib) {
            mf.lrnMode = lrn.name().toLowerCase(java.util.Locale.ROOT);
        }
        return m;
    }

    /** What a model id looks like: {@code nn4s2-} or {@code dlibr34-} and 16 hex digits of its parameters' sha256. */
    private static final java.util.regex.Pattern MODEL_ID = java.util.regex.Pattern.compile("(nn4s2|dlibr34)-[0-9a-f]{16}");

    /**
     * The model name whose manifest in {@code dir} carries model id {@code nameOrId}, or {@code nameOrId} itself when it is
     * not an id or a model of that name exists. Reports and galleries name models by id, so a user can pass the id back.
     */
    static String nameOfModelId(Path dir, String nameOrId) throws IOException {
        if (!MODEL_ID.matcher(nameOrId).matches() || Files.isRegularFile(paramsFile(dir, nameOrId)) || !Files.isDirectory(dir)) {
            return nameOrId;
        }
        java.util.List<String> matches = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.getFileName().toString().endsWith(".json")).sorted()::iterator) {
                String n = f.getFileName().toString();
                n = n.substring(0, n.length() - ".json".length());
                if (!Files.isRegularFile(paramsFile(dir, n))) {
                    continue;
                }
                try {
                    if (nameOrId.equals(ModelManifest.read(f).modelId)) {
                        matches.add(n);
                    }
                } catch (IOException | RuntimeException notAManifest) {
                    // other JSON files (a README's data, a broken copy) are not models; loading by name reports those
                }
            }
        }
        if (matches.isEmpty()) {
            throw new WeightFileException(dir.resolve(nameOrId), "no model in " + dir + " has model id " + nameOrId
                    + " (ids are in each model's manifest, <name>.json)");
        }
        // copies of one model under several names share the id and the parameters, so any of them is that model
        return matches.get(0);
    }

    private static Path parentOf(Path p) {
        return p.getParent() == null ? Paths.get(".") : p.getParent();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
