package oneshot.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import oneshot.UsageException;
import oneshot.cli.Cli;
import oneshot.gallery.GalleryStore;
import oneshot.gallery.Threshold;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark batch job that names every probe of an embedding table ({@link EmbedImagesJob}'s Parquet) from a SQLite
 * gallery (Enroll's, the facade's): the gallery file is shipped to every executor ({@code SparkContext.addFile}), each
 * loads its search index once, and probes are named by the rules of {@code Gallery.identify}. Writes
 * {@link EmbeddingSchema#IDENTIFICATIONS} as Parquet.
 */
@Command(name = "IdentifyProbesJob", mixinStandardHelpOptions = true,
        description = "Spark job: an embedding table (Parquet from EmbedImagesJob) + a gallery file -> Parquet table"
                + " path, label, name (or unknown), known, distance, candidates, error.")
public final class IdentifyProbesJob implements Callable<Integer> {
    @Option(names = "--probes", required = true, description = "The embedding table (Parquet folder, any Hadoop URI)")
    String probes;

    @Option(names = "--gallery", required = true, description = "The SQLite gallery file on the driver (Enroll --gallery)")
    Path gallery;

    @Option(names = "--output", required = true, description = "The Parquet folder to write (any Hadoop URI)")
    String output;

    @Option(names = "--threshold", description = "Accept a name at squared L2 <= this (instead of the model's default)")
    Double threshold;

    @Option(names = "--calibration", description = "summary.json of an Evaluate run of this model: its threshold")
    Path calibration;

    @Option(names = "--candidates", defaultValue = "3", description = "Nearest people listed per probe (default"
            + " ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--partitions", description = "Partitions of the probe table (default: as read)")
    Integer partitions;

    @Option(names = "--master", description = "Spark master when not run by spark-submit (default local[*])")
    String master;

    @Option(names = "--force", description = "Replace the Parquet folder of an earlier run (never another folder)")
    boolean force;

    public static void main(String[] args) {
        Cli.main(new IdentifyProbesJob(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (candidates < 1) {
            throw new UsageException("--candidates must be at least 1, got " + candidates);
        }
        if (!Files.isRegularFile(gallery)) {
            throw new UsageException("--gallery " + gallery + " is not a file");
        }
        try (SparkJobSession session = SparkJobSession.open(master, "oneshot-identify")) {
            SparkSession spark = session.spark();
            boolean replace = ParquetOutput.check(spark, output, force);
            Dataset<Row> table = spark.read().parquet(probes);
            String modelId = modelOf(table, probes);
            Threshold t;
            try (GalleryStore store = GalleryStore.openExisting(gallery)) {
                store.requireModel(modelId); // the gallery's own refusal, before any task runs
            }
            t = Threshold.resolve(threshold, calibration, modelId);
            System.err.printf(Locale.ROOT, "threshold %.4f (%s)%n", t.value(), t.origin());
            spark.sparkContext().addFile(gallery.toAbsolutePath().toString());
            Dataset<Row> in = partitions != null ? table.repartition(partitions) : table;
            run(in, gallery.getFileName().toString(), modelId, candidates, t).write()
                    .mode(replace ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(output);
            Dataset<Row> written = spark.read().parquet(output);
            long rows = written.count();
            long known = written.filter("known").count();
            long failed = written.filter("error IS NOT NULL").count();
            System.out.printf("wrote %d rows to %s: %d named, %d unknown, %d probes without a vector%n", rows, output,
                    known, rows - known - failed, failed);
            return 0;
        }
    }

    /** The job: probe rows (path, label, vector, error) to identifications, on the executors' copy of the gallery. */
    public static Dataset<Row> run(Dataset<Row> probes, String galleryFileName, String modelId, int candidates,
            Threshold t) {
        return probes.select("path", "label", "vector", "error").mapPartitions(
                new IdentifyPartition(galleryFileName, modelId, candidates, t),
                Encoders.row(EmbeddingSchema.IDENTIFICATIONS));
    }

    /** The one model id of the table's vectors: a table mixing models cannot be identified in one gallery. */
    static String modelOf(Dataset<Row> table, String name) {
        List<Row> ids = table.select("model_id").distinct().limit(2).collectAsList();
        if (ids.size() != 1) {
            throw new UsageException(name + (ids.isEmpty() ? " is empty" : " mixes vectors of several models ("
                    + ids.get(0).getString(0) + ", " + ids.get(1).getString(0) + ", ...): identify each model's rows"
                    + " against its own gallery"));
        }
        return ids.get(0).getString(0);
    }
}
