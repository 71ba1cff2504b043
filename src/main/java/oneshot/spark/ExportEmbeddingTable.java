package oneshot.spark;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import oneshot.cli.Cli;
import oneshot.embed.EmbeddingTable;
import oneshot.io.OutputGuard;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An embedding table in Parquet ({@link EmbedImagesJob}) to the project's {@link EmbeddingTable} file (binary
 * {@code .emb}, or CSV for a name ending in {@code .csv}), so {@code Evaluate --embeddings} and every other reader of
 * Embed's tables run on it: the rows with a vector, ordered by path. The table is collected on the driver (128 floats a
 * row: about 0.5 GB per million images).
 */
@Command(name = "ExportEmbeddingTable", mixinStandardHelpOptions = true,
        description = "Parquet embedding table (EmbedImagesJob) -> .emb or .csv embedding table for Evaluate --embeddings.")
public final class ExportEmbeddingTable implements Callable<Integer> {
    @Option(names = "--table", required = true, description = "The Parquet embedding table (any Hadoop URI)")
    String table;

    @Option(names = "--out", required = true, description = "The .emb (or .csv) file to write")
    Path out;

    @Option(names = "--force", description = "Replace an embedding table of an earlier run (never another file)")
    boolean force;

    @Option(names = "--master", description = "Spark master when not run by spark-submit (default local[*])")
    String master;

    public static void main(String[] args) {
        Cli.main(new ExportEmbeddingTable(), args);
    }

    @Override
    public Integer call() throws Exception {
        boolean csv = out.getFileName().toString().endsWith(".csv");
        OutputGuard.checkFile(out, csv ? EmbeddingTable.CSV_KIND : EmbeddingTable.BINARY_KIND, force, List.of());
        try (SparkJobSession session = SparkJobSession.open(master, "oneshot-export")) {
            EmbeddingTable t = collect(session.spark().read().parquet(table), table);
            if (csv) {
                t.writeCsv(out);
            } else {
                t.writeBinary(out);
            }
            System.out.printf("wrote %d embeddings (model %s) to %s%n", t.size(), t.modelId(), out);
            return 0;
        }
    }

    /** The rows that have a vector, by path, as one table of the table's one model. */
    public static EmbeddingTable collect(Dataset<Row> parquet, String name) {
        String modelId = IdentifyProbesJob.modelOf(parquet, name);
        EmbeddingTable.Builder b = new EmbeddingTable.Builder(modelId);
        Iterator<Row> it = parquet.filter("vector IS NOT NULL").select("path", "label", "vector").orderBy("path")
                .toLocalIterator();
        while (it.hasNext()) {
            Row r = it.next();
            b.add(r.getString(0), r.getString(1), EmbeddingSchema.vector(r.getList(2)));
        }
        return b.build();
    }
}
