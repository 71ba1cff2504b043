package oneshot.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import oneshot.SharedData;
import oneshot.cli.AlignCommand;
import oneshot.cli.Cli;
import oneshot.cli.EmbedCommand;
import oneshot.embed.EmbedBenchmark;
import oneshot.embed.ImageFiles;
import oneshot.detect.EngineThreads;
import oneshot.pipeline.PipelineFaceEncoder;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark embed job beside the single-process product path on the same images, in one JVM: {@code Align} (2 threads)
 * then {@code Embed}, against {@link EmbedImagesJob} on {@code local[2]}, cold (the executor opens its pipeline) and warm
 * (pipeline already open: the steady rate an executor reaches). Prints a table with the matmul reference and the load
 * average at each step, since the machine is shared.
 *
 * <pre>
 * mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=oneshot.spark.SparkEmbedBenchmark \
 *     -Dexec.args="--images ../shared/data/lfw --count 300"
 * </pre>
 * (the test class path carries Spark, which the product's runtime class path does not; the JVM flags are the ones in
 * docs/scale-spark.md).
 */
public final class SparkEmbedBenchmark {
    private SparkEmbedBenchmark() {}

    public static void main(String[] args) throws Exception {
        EngineThreads.defaultToOne(); // as the Align job and the executors run
        Path images = null;
        int count = 300;
        String model = "dlib-resnet34";
        String master = "local[2]";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--images" -> images = Path.of(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--model" -> model = args[++i];
                case "--master" -> master = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--images DIR --count N --model M --master local[2])");
            }
        }
        if (images == null) {
            images = SharedData.require("data/lfw");
        }
        Path work = Files.createTempDirectory("spark-embed-bench-");
        Path in = sample(images, count, work.resolve("images"));
        System.out.printf(Locale.ROOT, "%d images sampled evenly from %s; cores %d; load %s%n", count, images,
                Runtime.getRuntime().availableProcessors(), EmbedBenchmark.loadAverage());
        double matmul = EmbedBenchmark.matmulGflops(4);
        System.out.printf(Locale.ROOT, "2048x2048 float32 matmul: %.1f GFLOP/s; load %s%n", matmul,
                EmbedBenchmark.loadAverage());

        long t = System.nanoTime();
        try (PipelineFaceEncoder e = PipelineFaceEncoder.open(model)) { // the files come from the page cache after this
            e.modelId();
        }
        double open = seconds(t);
        List<String[]> rows = new ArrayList<>();
        rows.add(row("open pipeline + model (once per JVM)", open, 0, EmbedBenchmark.loadAverage()));

        t = System.nanoTime();
        check(Cli.run(new AlignCommand(), "--input", in.toString(), "--output", work.resolve("chips").toString(),
                "--model", model, "--threads", "2"), "Align");
        double align = seconds(t);
        rows.add(row("single process: Align --threads 2 (decode, detect, align, write PNG chips)", align, count,
                EmbedBenchmark.loadAverage()));
        t = System.nanoTime();
        check(Cli.run(new EmbedCommand(), "--input", work.resolve("chips").toString(), "--model", model, "--out",
                work.resolve("embed/chips.csv").toString()), "Embed");
        double embed = seconds(t);
        rows.add(row("single process: Embed (read chips, embed, write table)", embed, count,
                EmbedBenchmark.loadAverage()));
        rows.add(row("single process: Align + Embed", align + embed, count, ""));

        t = System.nanoTime();
        SparkSession spark = SparkSession.builder().master(master).appName("oneshot-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        double session = seconds(t);
        rows.add(row("Spark " + master + ": session start", session, 0, EmbedBenchmark.loadAverage()));
        double cold = sparkRun(in, work.resolve("cold.parquet"), model);
        rows.add(row("Spark " + master + ": EmbedImagesJob, cold (executor opens its pipeline)", cold, count,
                EmbedBenchmark.loadAverage()));
        double warm = sparkRun(in, work.resolve("warm.parquet"), model);
        rows.add(row("Spark " + master + ": EmbedImagesJob, warm (pipeline open)", warm, count,
                EmbedBenchmark.loadAverage()));
        spark.stop();
        ExecutorModels.closeAll();

        System.out.println();
        System.out.println("| step | seconds | images/s | load average (1, 5, 15 min) |");
        System.out.println("|---|---:|---:|---|");
        for (String[] r : rows) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.printf(Locale.ROOT, "%nSpark overhead: cold job / (Align + Embed) = %.2f; warm job / (Align + Embed - 2 x"
                + " pipeline open) = %.2f%n", cold / (align + embed), warm / Math.max(1e-9, align + embed - 2 * open));
        System.out.printf(Locale.ROOT, "warm Spark rate per core: %.1f images/s (%d cores)%n",
                count / warm / Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
        System.out.println("work folder (delete when done): " + work);
    }

    private static double sparkRun(Path in, Path out, String model) {
        EmbedImagesJob job = new EmbedImagesJob();
        check(Cli.run(job, "--input", in.toString(), "--output", out.toString(), "--model", model), "EmbedImagesJob");
        return job.result().seconds();
    }

    /** {@code count} images taken at an even stride over the sorted tree, linked as {@code <identity>/<image>}. */
    static Path sample(Path root, int count, Path into) throws IOException {
        List<Path> all = ImageFiles.list(root.toAbsolutePath().normalize());
        if (all.size() < count) {
            throw new IOException(root + " has " + all.size() + " images, fewer than " + count);
        }
        for (int i = 0; i < count; i++) {
            Path f = all.get((int) ((long) i * all.size() / count));
            Path link = into.resolve(f.getParent().getFileName().toString()).resolve(f.getFileName().toString());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, f);
        }
        return into;
    }

    private static void check(int code, String what) {
        if (code != 0) {
            throw new IllegalStateException(what + " exited with " + code);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String[] row(String step, double s, int images, String load) {
        return new String[] {step, String.format(Locale.ROOT, "%.1f", s),
                images == 0 ? "" : String.format(Locale.ROOT, "%.1f", images / s), load};
    }
}
