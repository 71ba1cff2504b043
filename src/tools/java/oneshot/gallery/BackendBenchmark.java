package oneshot.gallery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import oneshot.embed.EmbedBenchmark;

/**
 * The two gallery backends side by side at one size: filling, loading the in-memory index (what every server does at
 * start and after a reconnect), enrolling one person at a time with every check, removing one person, and (PostgreSQL)
 * how long another server's change feed takes to deliver an enrolment, and enrolling with the store opened and closed
 * around each enrolment, as {@code Enroll} on the command line does (SQLite: whether the first write of each open ran
 * the whole-file quick_check). Prints a table with the machine's matmul rate and load average: the machine is shared,
 * so figures move with its load.
 *
 * <pre>
 * mvn -q exec:java -Dexec.mainClass=oneshot.gallery.BackendBenchmark -Dexec.args="N ENROLS JDBC_URL [DIR]"
 * </pre>
 *
 * The PostgreSQL side works in a new schema {@code oneshot_bench_N_<time>} of the URL's database, dropped at the end
 * (the URL's user must be allowed to create schemas); the SQLite side in {@code DIR/bench-N.db} (default target/).
 * {@code JDBC_URL} {@code none} measures the SQLite file only.
 */
public final class BackendBenchmark {
    private static final String MODEL = "benchmark-random";
    private static final int CHUNK = 50_000;
    private static final int THREADS = 2;

    private BackendBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: BackendBenchmark N ENROLS JDBC_URL [DIR]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int enrols = Integer.parseInt(args[1]);
        String url = args[2];
        Path dir = Path.of(args.length > 3 ? args[3] : "target");
        System.out.printf(Locale.ROOT, "load average at start: %s; %d cores; Java %s%n", SearchBenchmark.loadAverage(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        double gflops = EmbedBenchmark.matmulGflops(2);
        System.out.printf(Locale.ROOT, "matmul reference (2048x2048, DJL/PyTorch): %.1f GFLOP/s%n", gflops);

        List<String[]> rows = new ArrayList<>();
        Path db = dir.resolve("bench-" + n + ".db");
        for (String suffix : new String[] {"", "-wal", "-shm", "-checked"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        Files.createDirectories(dir);
        rows.add(measure("SQLite file", GalleryLocation.of(db), n, enrols, false));
        for (String suffix : new String[] {"", "-wal", "-shm", "-checked"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        if (!url.equals("none")) {
            measurePostgres(url, n, enrols, rows);
        }
        System.out.printf(Locale.ROOT, "%n| backend | people | fill (bulk, s) | load index (s) | enrol, one at a time"
                + " (per s) | remove one (s) | change feed to another server (ms, median / max) | enrol, store opened per"
                + " enrolment like Enroll (ms, median / slowest) | whole-file checks in those opens |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String[] r : rows) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.printf(Locale.ROOT, "matmul %.1f GFLOP/s; load average at end (1 min): %s%n", gflops,
                SearchBenchmark.loadAverage());
    }

    private static void measurePostgres(String url, int n, int enrols, List<String[]> rows) throws Exception {
        String schema = "oneshot_bench_" + n + "_" + System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try {
            String sep = url.contains("?") ? "&" : "?";
            rows.add(measure("PostgreSQL", GalleryLocation.parse(url + sep + "currentSchema=" + schema), n, enrols, true));
        } finally {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static String[] measure(String label, GalleryLocation at, int n, int enrols, boolean feed) throws Exception {
        Random rnd = new Random(42);
        long t0 = System.nanoTime();
        try (GalleryStore store = GalleryStore.open(at, true)) {
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                List<String> names = new ArrayList<>(to - from);
                List<float[]> vs = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    names.add("id" + i);
                    vs.add(SearchBenchmark.randomUnit(rnd));
                }
                store.bulkInsert(MODEL, names, vs, "bench");
            }
        }
        double fillS = seconds(t0);
        System.out.printf(Locale.ROOT, "%s: filled %,d in %.1f s%n", label, n, fillS);

        System.gc();
        long t1 = System.nanoTime();
        try (GalleryStore store = GalleryStore.open(at, false); GalleryIndex index = GalleryIndex.load(store, MODEL, THREADS)) {
            if (index.size() != n) {
                throw new IllegalStateException("loaded " + index.size() + " of " + n);
            }
        }
        double loadS = seconds(t1);
        System.out.printf(Locale.ROOT, "%s: loaded %,d in %.1f s%n", label, n, loadS);

        double[] feedMs = new double[enrols];
        double[] enrolMs = new double[enrols];
        BlockingQueue<List<String>> seen = new ArrayBlockingQueue<>(enrols + 16);
        try (GalleryStore store = GalleryStore.open(at, false); GalleryStore other = GalleryStore.open(at, false);
                GalleryChanges changes = feed ? other.changes() : GalleryChanges.NONE) {
            changes.start(new GalleryChanges.Listener() {
                @Override
                public void changed(List<String> names) {
                    seen.add(names);
                }

                @Override
                public void reloadAll() {
                    seen.add(List.of("*"));
                }
            });
            for (int i = 0; i < enrols; i++) {
                long s = System.nanoTime();
                store.enroll("new" + i, SearchBenchmark.randomUnit(rnd), MODEL, "sha-new-" + i, new FaceBox(0, 0, 1, 1));
                long committed = System.nanoTime();
                enrolMs[i] = (committed - s) / 1e6;
                if (feed) {
                    List<String> got = seen.poll(10, TimeUnit.SECONDS);
                    feedMs[i] = (System.nanoTime() - committed) / 1e6;
                    if (got == null || !got.contains("new" + i)) {
                        throw new IllegalStateException("the feed delivered " + got + " for new" + i);
                    }
                }
            }
            long t2 = System.nanoTime();
            store.remove("id0");
            double removeS = seconds(t2);
            double perS = enrols / (java.util.Arrays.stream(enrolMs).sum() / 1e3);
            System.out.printf(Locale.ROOT, "%s: %d enrolments at %.1f/s, one removal %.2f s%n", label, enrols, perS, removeS);
            double[] reopenedMs = new double[enrols];
            int checks = 0;
            for (int i = 0; i < enrols; i++) {
                long s = System.nanoTime();
                try (GalleryStore cli = GalleryStore.open(at, false)) {
                    cli.enroll("cli" + i, SearchBenchmark.randomUnit(rnd), MODEL, "sha-cli-" + i, new FaceBox(0, 0, 1, 1));
                    checks += wholeFileChecks(cli);
                }
                reopenedMs[i] = (System.nanoTime() - s) / 1e6;
            }
            System.out.printf(Locale.ROOT, "%s: %d enrolments with the store opened for each: median %.1f ms, slowest %.1f"
                    + " ms, %d whole-file checks%n", label, enrols, SearchBenchmark.pct(reopenedMs, 50),
                    SearchBenchmark.pct(reopenedMs, 100), checks);
            return new String[] {label, String.format(Locale.ROOT, "%,d", n), String.format(Locale.ROOT, "%.1f", fillS),
                String.format(Locale.ROOT, "%.1f", loadS), String.format(Locale.ROOT, "%.3f (%.1f ms each; median %.1f,"
                        + " slowest %.1f)", perS, 1000 / perS, SearchBenchmark.pct(enrolMs, 50), SearchBenchmark.pct(enrolMs, 100)),
                String.format(Locale.ROOT, "%.2f", removeS), feed ? String.format(Locale.ROOT, "%.0f / %.0f",
                        SearchBenchmark.pct(feedMs, 50), SearchBenchmark.pct(feedMs, 100)) : "none (one file)",
                String.format(Locale.ROOT, "%.1f / %.1f", SearchBenchmark.pct(reopenedMs, 50),
                        SearchBenchmark.pct(reopenedMs, 100)),
                checks < 0 ? "not counted" : feed ? "none (no such check)" : checks + " of " + enrols};
        }
    }

    /** Whole-file quick_checks a SQLite store ran; -1 where the build has no such count (a run of the code before it). */
    private static int wholeFileChecks(GalleryStore store) {
        try {
            return store.backend() instanceof SqliteBackend s ? s.quickChecksRun() : 0;
        } catch (LinkageError e) {
            return -1;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
