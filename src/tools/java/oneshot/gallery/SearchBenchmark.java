package oneshot.gallery;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures 1:K search and gallery loading at scale and prints a table (the speed target lives here, not in unit tests).
 *
 * <pre>
 * mvn -q exec:java -Dexec.mainClass=oneshot.gallery.SearchBenchmark -Dexec.args="[N] [probes] [threads] [db]"
 * </pre>
 * Defaults: 1,000,000 random 128-d unit vectors, 200 probes, 2 threads, {@code target/bench-gallery.db}. The SQLite file is
 * written once and reused by later runs (delete it to rebuild).
 */
public final class SearchBenchmark {
    static final int DIM = 128;
    private static final String MODEL = "benchmark-random";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path db = Path.of(args.length > 3 ? args[3] : "target/bench-gallery.db");
        List<String[]> table = new ArrayList<>();
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
        System.out.printf(Locale.ROOT, "1:K search benchmark: %,d vectors x %d-d, %d probes, %d threads, %d cores, Java %s%n",
                n, DIM, probes, threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        long heap0 = usedHeap();
        long rss0 = rssBytes();
        long t0 = System.nanoTime();
        GalleryIndex.Builder b = new GalleryIndex.Builder(MODEL, threads);
        Random rnd = new Random(42);
        b.reserve(n, DIM);
        for (int i = 0; i < n; i++) {
            b.add("id" + i, randomUnit(rnd));
        }
        GalleryIndex index = b.build();
        double buildS = (System.nanoTime() - t0) / 1e9;
        long heap1 = usedHeap();
        long rss1 = rssBytes();
        double perMillion = 1e6 / n;
        table.add(row("build in memory (random vectors)", String.format(Locale.ROOT, "%.1f s", buildS)));
        table.add(row("heap per million templates (after GC)", mb((heap1 - heap0) * perMillion)));
        table.add(row("RSS growth per million templates", mb((rss1 - rss0) * perMillion)));
        table.add(row("RSS total", mb(rss1)));

        double[] ms = timeSearches(index, probes, new Random(7));
        table.add(row("search ms/probe, top-5, median", String.format(Locale.ROOT, "%.2f", pct(ms, 50))));
        table.add(row("search ms/probe, top-5, p95", String.format(Locale.ROOT, "%.2f", pct(ms, 95))));
        table.add(row("search ms/probe, top-5, max", String.format(Locale.ROOT, "%.2f", pct(ms, 100))));
        table.add(row("search CPU ms/probe (all threads)", String.format(Locale.ROOT, "%.2f", lastCpuMsPerProbe)));
        index.close();
        index = null;

        if (!Files.exists(db)) {
            writeDb(db, n);
        } else {
            System.out.println("reusing " + db + " (delete it to rebuild)");
        }
        long dbBytes = Files.size(db);
        System.gc();
        long heap2 = usedHeap();
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        GalleryIndex loaded;
        try (GalleryStore store = GalleryStore.openExisting(db)) {
            loaded = GalleryIndex.load(store, MODEL, threads);
        }
        double openS = (System.nanoTime() - t1) / 1e9;
        double openCpuS = (processCpuNanos() - cpu1) / 1e9;
        long heap3 = usedHeap();
        table.add(row("gallery file size", mb(dbBytes)));
        table.add(row("open + load " + String.format(Locale.ROOT, "%,d", loaded.size()) + " rows from SQLite",
                String.format(Locale.ROOT, "%.1f s", openS)));
        table.add(row("open + load CPU time (all threads, incl. GC)", String.format(Locale.ROOT, "%.1f s", openCpuS)));
        table.add(row("heap of loaded index per million", mb((heap3 - heap2) * 1e6 / loaded.size())));
        double[] ms2 = timeSearches(loaded, Math.min(probes, 50), new Random(8));
        table.add(row("search on loaded index, median ms", String.format(Locale.ROOT, "%.2f", pct(ms2, 50))));
        loaded.close();
        table.add(row("load average at end (1 min)", loadAverage()));
        print(table);
    }

    /** CPU time of the whole process per probe in the last timing run: what the search costs when the cores are shared. */
    private static double lastCpuMsPerProbe;

    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static double[] timeSearches(GalleryIndex index, int probes, Random rnd) {
        for (int i = 0; i < 20; i++) {
            index.search(randomUnit(rnd), 5); // JIT warm-up
        }
        double[] ms = new double[probes];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < probes; i++) {
            float[] q = randomUnit(rnd);
            long s = System.nanoTime();
            index.search(q, 5);
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        lastCpuMsPerProbe = (processCpuNanos() - cpu0) / 1e6 / probes;
        return ms;
    }

    private static void writeDb(Path db, int n) throws IOException {
        Path tmp = db.resolveSibling(db.getFileName() + ".partial");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(tmp + suffix));
        }
        Files.createDirectories(db.toAbsolutePath().getParent());
        long t = System.nanoTime();
        Random rnd = new Random(42);
        int chunk = 50_000;
        try (GalleryStore store = GalleryStore.openOrCreate(tmp)) {
            for (int from = 0; from < n; from += chunk) {
                int to = Math.min(n, from + chunk);
                List<String> names = new ArrayList<>(to - from);
                List<float[]> vs = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    names.add("id" + i);
                    vs.add(randomUnit(rnd));
                }
                store.bulkInsert(MODEL, names, vs, "bench");
                System.out.printf(Locale.ROOT, "\rwriting %s: %,d / %,d", tmp, to, n);
            }
        }
        System.out.printf(Locale.ROOT, "%nwrote %,d rows in %.1f s%n", n, (System.nanoTime() - t) / 1e9);
        Files.move(tmp, db); // only a complete file gets the name the next run reuses
    }

    static float[] randomUnit(Random rnd) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Vectors.normalized(v);
    }

    static double pct(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var mem = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return mem.getUsed();
    }

    /** Resident set size from /proc (Linux); -1 elsewhere. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** Other processes on the 2 cores change wall-clock figures a lot: the table says how busy the machine was. */
    static String loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", l);
    }

    static String mb(double bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / (1024 * 1024));
    }

    private static String[] row(String what, String value) {
        return new String[] {what, value};
    }

    private static void print(List<String[]> table) {
        System.out.println();
        System.out.printf("| %-44s | %-12s |%n", "measure", "value");
        System.out.printf("|%s|%s|%n", "-".repeat(46), "-".repeat(14));
        for (String[] r : table) {
            System.out.printf("| %-44s | %-12s |%n", r[0], r[1]);
        }
    }
}
