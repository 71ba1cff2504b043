package oneshot.spark;

import java.io.IOException;
import java.util.regex.Pattern;
import oneshot.UsageException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The project's output rule for a job's Parquet folder: an existing one is replaced only with {@code --force}, and
 * never when it holds anything but a Spark job's files (so a typo cannot delete someone's data folder).
 */
final class ParquetOutput {
    private static final Pattern JOB_FILE = Pattern.compile("part-.*|_SUCCESS|_committed_.*|_started_.*|\\..*\\.crc");

    private ParquetOutput() {}

    /** @return true when the folder exists and may be replaced */
    static boolean check(SparkSession spark, String output, boolean force) throws IOException {
        Path p = new Path(output);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(p)) {
            return false;
        }
        if (!fs.getFileStatus(p).isDirectory()) {
            throw new UsageException(output + " exists and is not a Parquet folder: choose another --output");
        }
        for (FileStatus s : fs.listStatus(p)) {
            if (!JOB_FILE.matcher(s.getPath().getName()).matches()) {
                throw new UsageException(output + " holds " + s.getPath().getName() + ", which no Spark job wrote: it is"
                        + " not replaced, even with --force; choose another --output");
            }
        }
        if (!force) {
            throw new UsageException(output + " exists (an earlier run's table): --force replaces it");
        }
        return true;
    }
}
