package oneshot.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a job runs in. Under {@code spark-submit} the master and settings come from it; run directly
 * ({@code java -cp ...}, tests, benchmarks) a job gets {@code --master} or else {@code local[*]}. A session that was
 * already running (a test's, a notebook's) is used and left running; one the job started is stopped when it ends.
 */
final class SparkJobSession implements AutoCloseable {
    private final SparkSession spark;
    private final boolean owned;

    private SparkJobSession(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    static SparkJobSession open(String master, String appName) {
        var running = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession()
                : SparkSession.getDefaultSession();
        if (running.isDefined()) {
            return new SparkJobSession(running.get(), false);
        }
        SparkConf conf = new SparkConf(); // reads the spark.* properties spark-submit sets
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b.master(master);
        } else if (!conf.contains("spark.master")) {
            b.master("local[*]");
        }
        String m = master != null ? master : conf.get("spark.master", "local[*]");
        if (m.startsWith("local")) {
            b.config("spark.ui.enabled", "false"); // one machine: no web UI, no port to find
        }
        return new SparkJobSession(b.getOrCreate(), true);
    }

    SparkSession spark() {
        return spark;
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
