package oneshot.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import oneshot.gallery.GalleryIndex;
import oneshot.gallery.GalleryStore;
import oneshot.detect.EngineThreads;
import oneshot.pipeline.PipelineFaceEncoder;

/**
 * What an executor JVM opens once and shares between its tasks: the face pipeline with its model (seconds to load, about
 * 300 MB) and a gallery's search index. Opened lazily by the first task that needs it, keyed by model or by gallery file,
 * and kept for the JVM's life, so every later partition, stage and job on that executor reuses it. Both are thread-safe,
 * so concurrent tasks of one executor share one copy (in local mode, the driver's JVM is the executor).
 */
public final class ExecutorModels {
    private static final Map<String, PipelineFaceEncoder> ENCODERS = new ConcurrentHashMap<>();
    private static final Map<String, GalleryIndex> GALLERIES = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /** The pipeline encoder of a model (a name in weights/ or a params file), opened on first use in this JVM. */
    public static PipelineFaceEncoder encoder(String model) {
        return ENCODERS.computeIfAbsent(model, m -> {
            // before the engine loads: one intra-op thread per task, as the Align job's workers (concurrent tasks share
            // the cores; the embedder's own workers use them all)
            EngineThreads.defaultToOne();
            try {
                return PipelineFaceEncoder.open(m);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open model '" + m + "' on this executor: " + e.getMessage(), e);
            }
        });
    }

    /** The search index over a gallery file's templates of one model, loaded once (the file is not kept open). */
    public static GalleryIndex gallery(Path file, String modelId) {
        return GALLERIES.computeIfAbsent(file.toAbsolutePath() + "\u0000" + modelId, k -> {
            try (GalleryStore store = GalleryStore.openExisting(file)) {
                store.requireModel(modelId);
                return GalleryIndex.load(store, modelId, 1);
            }
        });
    }

    /** Releases everything this JVM opened (tests and benchmarks that go on in the same JVM without Spark). */
    public static synchronized void closeAll() {
        ENCODERS.values().forEach(PipelineFaceEncoder::close);
        ENCODERS.clear();
        GALLERIES.values().forEach(GalleryIndex::close);
        GALLERIES.clear();
    }
}
