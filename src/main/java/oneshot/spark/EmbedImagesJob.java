package oneshot.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import oneshot.UsageException;
import oneshot.cli.Cli;
import oneshot.embed.ImageFiles;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;
import oneshot.pipeline.FaceChoice;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark batch job that decodes, aligns and embeds a folder tree or a list of images into a Parquet table
 * ({@link EmbeddingSchema#EMBEDDINGS}): one row per image, the face the Align job would keep, the Embed job's vectors.
 * Each executor opens the pipeline once ({@link ExecutorModels}) and embeds its partitions in batches
 * ({@link EmbedPartition}). {@code spark-submit --class oneshot.spark.EmbedImagesJob} on a cluster, or run directly with
 * {@code --master local[*]} (docs/scale-spark.md).
 */
@Command(name = "EmbedImagesJob", mixinStandardHelpOptions = true,
        description = "Spark job: images (a folder tree <identity>/<image> or a list of paths) -> detect, align, embed ->"
                + " Parquet table path, label, model_id, faces, alignment, box, vector, error.")
public final class EmbedImagesJob implements Callable<Integer> {

    static final class Input {
        @Option(names = "--input", description = "A folder tree <identity>/<image> on a file system every executor sees"
                + " (local, NFS); listed on the driver as the Align and Embed jobs list it")
        java.nio.file.Path folder;

        @Option(names = "--list", description = "A text file (any Hadoop URI: hdfs://, s3a://, file:) of images, one a"
                + " line: a path or URI, then optionally a tab and the label (default: the image's folder name);"
                + " relative paths are taken from the list's folder")
        String list;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--output", required = true, description = "The Parquet folder to write (any Hadoop URI)")
    String output;

    @Option(names = "--model", defaultValue = "dlib-resnet34", description = "Model name in weights/ or params file"
            + " (default ${DEFAULT-VALUE}); every executor must see it (-Doneshot.weights, docs/scale-spark.md)")
    String model;

    @Option(names = "--choose", defaultValue = "largest", description = "Which face of an image with several:"
            + " largest (OpenFace's rule, the Align job's default) or central")
    String choose;

    @Option(names = "--batch", defaultValue = "32", description = "Images whose faces are embedded together (default"
            + " ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--partitions", description = "Partitions of the input (default: 4 per core of the cluster, at most"
            + " one per image)")
    Integer partitions;

    @Option(names = "--master", description = "Spark master when not run by spark-submit (default local[*])")
    String master;

    @Option(names = "--force", description = "Replace the Parquet folder of an earlier run (never another folder)")
    boolean force;

    /** What one run wrote. */
    public record Result(long rows, long embedded, List<String> failures, double seconds) {}

    private Result result;

    public Result result() {
        return result;
    }

    public static void main(String[] args) {
        Cli.main(new EmbedImagesJob(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1, got " + batch);
        }
        if (partitions != null && partitions < 1) {
            throw new UsageException("--partitions must be at least 1, got " + partitions);
        }
        FaceChoice choice = choice(choose);
        oneshot.detect.EngineThreads.defaultToOne(); // the driver is an executor too in local mode: as ExecutorModels
        String modelId;
        try (FaceModel m = ModelStore.loadDefault(model)) { // fails here, with the reason, not in every task
            modelId = m.modelId();
        }
        try (SparkJobSession session = SparkJobSession.open(master, "oneshot-embed")) {
            SparkSession spark = session.spark();
            boolean replace = ParquetOutput.check(spark, output, force);
            Dataset<Row> images = input.folder != null ? folder(spark, input.folder) : list(spark, input.list);
            long n = images.count();
            if (n == 0) {
                throw new IOException("no images in " + (input.folder != null ? input.folder : input.list));
            }
            int parts = (int) Math.min(n, partitions != null ? partitions
                    : 4L * spark.sparkContext().defaultParallelism());
            System.err.printf(Locale.ROOT, "embedding %d images with %s (%s) in %d partitions on %s%n", n, model, modelId,
                    parts, spark.sparkContext().master());
            long t0 = System.nanoTime();
            run(images.repartition(parts), model, choice, batch).write()
                    .mode(replace ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(output);
            double seconds = (System.nanoTime() - t0) / 1e9;
            result = summarise(spark.read().parquet(output), seconds);
            System.out.printf(Locale.ROOT, "wrote %d rows (model %s) to %s: %d embedded, in %.1f s (%.1f images/s)%n",
                    result.rows(), modelId, output, result.embedded(), seconds, result.rows() / seconds);
            if (!result.failures().isEmpty()) {
                System.out.printf("%d images have no vector (listed with their reason in the error column):%n",
                        result.rows() - result.embedded());
                result.failures().forEach(f -> System.out.println("  " + f));
            }
            return 0;
        }
    }

    /** The job itself: {@link EmbeddingSchema#INPUT} rows to {@link EmbeddingSchema#EMBEDDINGS} rows. */
    public static Dataset<Row> run(Dataset<Row> images, String model, FaceChoice choice, int batch) {
        return images.mapPartitions(new EmbedPartition(model, choice, batch), Encoders.row(EmbeddingSchema.EMBEDDINGS));
    }

    static FaceChoice choice(String name) {
        try {
            return FaceChoice.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--choose must be largest or central, got '" + name + "'");
        }
    }

    /** A folder tree listed as {@link ImageFiles} lists it for Align and Embed: paths relative to it, identity labels. */
    public static Dataset<Row> folder(SparkSession spark, java.nio.file.Path folder) throws IOException {
        java.nio.file.Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new UsageException("--input " + folder + " is not a folder");
        }
        List<Row> rows = new ArrayList<>();
        for (java.nio.file.Path f : ImageFiles.list(root)) {
            String rel = ImageFiles.relative(root, f);
            rows.add(RowFactory.create(rel, ImageFiles.label(rel), "file:" + f));
        }
        return spark.createDataFrame(rows, EmbeddingSchema.INPUT);
    }

    /** A list file: one image a line, optionally a tab and its label. */
    public static Dataset<Row> list(SparkSession spark, String listFile) {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(listFile);
        String parent;
        try { // qualified first, so a bare "images.txt" has its folder too
            parent = file.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(file).getParent()
                    .toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read --list " + listFile + ": " + e.getMessage(), e);
        }
        return spark.read().text(listFile).mapPartitions((MapPartitionsFunction<Row, Row>) lines -> {
            List<Row> out = new ArrayList<>();
            while (lines.hasNext()) {
                String line = lines.next().getString(0);
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String path = tab < 0 ? line.strip() : line.substring(0, tab).strip();
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
                org.apache.hadoop.fs.Path source = p.isAbsoluteAndSchemeAuthorityNull() || p.toUri().getScheme() != null
                        ? p : new org.apache.hadoop.fs.Path(parent, p);
                String label = tab < 0 ? (p.getParent() == null ? "" : p.getParent().getName())
                        : line.substring(tab + 1).strip();
                out.add(RowFactory.create(path, label, source.toString()));
            }
            return out.iterator();
        }, Encoders.row(EmbeddingSchema.INPUT));
    }

    /** Counts, and the first 20 images without a vector with their reasons. */
    static Result summarise(Dataset<Row> table, double seconds) {
        long rows = table.count();
        Dataset<Row> failed = table.filter("error IS NOT NULL");
        List<String> failures = new ArrayList<>();
        Iterator<Row> it = failed.select("path", "error").orderBy("path").limit(20).toLocalIterator();
        while (it.hasNext()) {
            Row r = it.next();
            failures.add(r.getString(0) + ": " + r.getString(1));
        }
        return new Result(rows, rows - failed.count(), failures, seconds);
    }
}
