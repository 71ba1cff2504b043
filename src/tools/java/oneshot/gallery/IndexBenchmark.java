package oneshot.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import oneshot.embed.EmbedBenchmark;

/**
 * Memory, build time and ms per probe of each {@link IndexKind} on the same synthetic gallery (random 128-d unit vectors,
 * as {@link SearchBenchmark} makes them), in one run so the kinds compare as ratios on a shared machine, and each kind's
 * top-k against the float32 scan's on the same probes. Prints a table with the machine's matmul rate and load average.
 *
 * <pre>
 * java -Xmx12g -cp ... oneshot.gallery.IndexBenchmark [N] [probes] [kinds] [threads] [rerank] [hnswEf]
 * </pre>
 * Defaults: 1,000,000 vectors, 100 probes, {@code float32,float16,int8}, 1 thread, rerank {@value CompactIndex#DEFAULT_RERANK},
 * ef {@value HnswIndex#DEFAULT_EF}. Random vectors have no clusters: HNSW recall on them is a lower bound, not a face figure
 * (real vectors: {@link IndexAccuracy}).
 */
public final class IndexBenchmark {
    private static final int K = 5;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<IndexKind> kinds = new ArrayList<>();
        for (String k : (args.length > 2 ? args[2] : "float32,float16,int8").split(",")) {
            kinds.add(IndexKind.parse(k));
        }
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int rerank = args.length > 4 ? Integer.parseInt(args[4]) : CompactIndex.DEFAULT_RERANK;
        int ef = args.length > 5 ? Integer.parseInt(args[5]) : HnswIndex.DEFAULT_EF;
        System.out.printf(Locale.ROOT, "load average at start: %s%n", SearchBenchmark.loadAverage());
        double gflops = EmbedBenchmark.matmulGflops(3);
        System.out.printf(Locale.ROOT, "index benchmark: %,d random %d-d unit vectors, %d probes, top-%d, %d search threads,"
                        + " rerank %d, hnsw ef %d, %d cores, Java %s, max heap %s, matmul 2048^2 %.1f GFLOP/s%n", n,
                SearchBenchmark.DIM, probes, K, threads, rerank, ef, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), SearchBenchmark.mb(Runtime.getRuntime().maxMemory()), gflops);

        List<float[]> queries = new ArrayList<>();
        Random qr = new Random(7);
        for (int i = 0; i < probes + 20; i++) {
            queries.add(SearchBenchmark.randomUnit(qr));
        }
        List<List<Match>> reference = null;
        List<String[]> table = new ArrayList<>();
        double float32Median = Double.NaN;
        for (IndexKind kind : kinds) {
            long heap0 = SearchBenchmark.usedHeap();
            long t0 = System.nanoTime();
            TemplateIndex index = build(kind, n, threads, rerank, ef);
            double buildS = (System.nanoTime() - t0) / 1e9;
            long heap = SearchBenchmark.usedHeap() - heap0;
            long mapped = index instanceof CompactIndex c ? c.rerankFileBytes() : 0;
            if (index instanceof HnswIndex h) {
                heap = h.indexBytes(); // its files are heap byte buffers; segments noted below
                System.out.printf(Locale.ROOT, "hnsw: %d segment(s)%n", h.segments());
            }
            for (int i = 0; i < 20; i++) {
                index.search(queries.get(probes + i), K); // JIT warm-up
            }
            double[] ms = new double[probes];
            List<List<Match>> results = new ArrayList<>(probes);
            long cpu0 = SearchBenchmark.processCpuNanos();
            for (int i = 0; i < probes; i++) {
                long s = System.nanoTime();
                results.add(index.search(queries.get(i), K));
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            double cpuMs = (SearchBenchmark.processCpuNanos() - cpu0) / 1e6 / probes;
            index.close();
            String top1 = "reference", topK = "reference";
            if (kind == IndexKind.FLOAT32) {
                reference = results;
                float32Median = SearchBenchmark.pct(ms, 50);
            } else if (reference != null) {
                int same1 = 0, sameK = 0;
                for (int i = 0; i < probes; i++) {
                    same1 += reference.get(i).get(0).name().equals(results.get(i).get(0).name()) ? 1 : 0;
                    sameK += reference.get(i).equals(results.get(i)) ? 1 : 0;
                }
                top1 = same1 + "/" + probes;
                topK = sameK + "/" + probes;
            } else {
                top1 = topK = "n/a";
            }
            double median = SearchBenchmark.pct(ms, 50);
            table.add(new String[] {kind.id(), String.format(Locale.ROOT, "%.1f", buildS),
                    SearchBenchmark.mb(heap * 1e6 / n), SearchBenchmark.mb(mapped * 1e6 / n),
                    String.format(Locale.ROOT, "%.2f", median), String.format(Locale.ROOT, "%.2f", SearchBenchmark.pct(ms, 95)),
                    String.format(Locale.ROOT, "%.2f", cpuMs),
                    Double.isNaN(float32Median) ? "" : String.format(Locale.ROOT, "%.2f", float32Median / median), top1, topK});
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%,d vectors; memory per million; ms per probe (wall) and CPU ms per probe (all threads)%n", n);
        System.out.println("| index | build s | heap / M | mapped file / M | ms median | ms p95 | CPU ms | speed-up vs float32 "
                + "| top-1 = float32 | top-" + K + " identical |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String[] r : table) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        System.out.printf(Locale.ROOT, "load average at end (1 min): %s; peak RSS %s%n", SearchBenchmark.loadAverage(),
                peakRss());
    }

    /** A fresh builder per kind (the compact and HNSW builds use it up); the same seed gives the same vectors. */
    private static TemplateIndex build(IndexKind kind, int n, int threads, int rerank, int ef) {
        GalleryIndex.Builder b = new GalleryIndex.Builder("benchmark-random", threads);
        b.reserve(n, SearchBenchmark.DIM);
        Random rnd = new Random(42);
        for (int i = 0; i < n; i++) {
            b.newRowAndAccumulate("id" + i, SearchBenchmark.randomUnit(rnd));
        }
        switch (kind) {
            case FLOAT16:
            case INT8:
                return CompactIndex.build(b, kind, rerank);
            case HNSW:
                return HnswIndex.build(b, HnswIndex.DEFAULT_MAX_CONN, HnswIndex.DEFAULT_BEAM_WIDTH, ef);
            default:
                return b.build();
        }
    }

    private static String peakRss() {
        try {
            return EmbedBenchmark.peakRss();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
