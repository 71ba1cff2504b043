package oneshot.gallery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import oneshot.embed.EmbedBenchmark;
import oneshot.embed.EmbeddingTable;

/**
 * Each index kind against the exact float32 scan on real vectors, one-shot style: every person's first vector of an
 * embedding table enrolled, every other vector a probe. Prints recall@1 (same nearest identity), same distance, same
 * open-set decision at each threshold, build time, index memory and ms per probe, for several re-rank depths (compact)
 * and beam widths (HNSW ef), with the machine's matmul rate and load average.
 *
 * <pre>
 * java -cp ... oneshot.gallery.IndexAccuracy reports/embeddings/lfw-dlib.emb [thresholds, e.g. 0.19,0.0959]
 * </pre>
 */
public final class IndexAccuracy {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: IndexAccuracy EMBEDDINGS.emb [THRESHOLDS comma-separated, default 0.19]");
            System.exit(2);
        }
        EmbeddingTable table = EmbeddingTable.read(Path.of(args[0]));
        List<Threshold> thresholds = new ArrayList<>();
        for (String t : (args.length > 1 ? args[1] : "0.19").split(",")) {
            thresholds.add(new Threshold(Double.parseDouble(t), "given", true, false));
        }
        System.out.printf(Locale.ROOT, "load average at start: %s%n", SearchBenchmark.loadAverage());
        double gflops = EmbedBenchmark.matmulGflops(3);
        Map<String, float[]> enrolled = new LinkedHashMap<>();
        List<float[]> probes = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            float[] v = Vectors.normalized(table.vector(i));
            if (enrolled.putIfAbsent(table.label(i), v) != null) {
                probes.add(v);
            }
        }
        System.out.printf(Locale.ROOT, "%s (model %s): %,d people enrolled from their first vector, %,d probes; "
                + "matmul 2048^2 %.1f GFLOP/s, Java %s%n", args[0], table.modelId(), enrolled.size(), probes.size(), gflops,
                System.getProperty("java.version"));
        StringBuilder head = new StringBuilder("| index | parameter | build ms | index bytes | ms/probe | recall@1 | same distance |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---:|---:|---:|");
        for (Threshold t : thresholds) {
            head.append(" decisions same @ ").append(t.value()).append(" (accepted by exact) |");
            rule.append("---:|");
        }
        List<String> rows = new ArrayList<>();
        try (GalleryIndex exact = builder(table.modelId(), enrolled).build()) {
            warm(exact, probes);
            rows.add(row("float32", "-", 0, 4L * exact.size() * exact.dimension(), exact, exact, probes, thresholds));
            for (IndexKind kind : List.of(IndexKind.FLOAT16, IndexKind.INT8)) {
                for (int rerank : new int[] {1, 4, 8, 16, 32}) {
                    long t0 = System.nanoTime();
                    try (CompactIndex c = CompactIndex.build(builder(table.modelId(), enrolled), kind, rerank)) {
                        double ms = (System.nanoTime() - t0) / 1e6;
                        warm(c, probes);
                        rows.add(row(kind.id(), "R=" + rerank, ms, c.codeBytes(), exact, c, probes, thresholds));
                    }
                }
            }
            for (int ef : new int[] {16, 32, 64, 128, 256}) {
                long t0 = System.nanoTime();
                try (HnswIndex h = HnswIndex.build(builder(table.modelId(), enrolled), HnswIndex.DEFAULT_MAX_CONN,
                        HnswIndex.DEFAULT_BEAM_WIDTH, ef)) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    warm(h, probes);
                    rows.add(row("hnsw", "ef=" + ef, ms, h.indexBytes(), exact, h, probes, thresholds));
                }
            }
        }
        System.out.println();
        System.out.println(head);
        System.out.println(rule);
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "load average at end (1 min): %s%n", SearchBenchmark.loadAverage());
    }

    private static GalleryIndex.Builder builder(String modelId, Map<String, float[]> enrolled) {
        GalleryIndex.Builder b = new GalleryIndex.Builder(modelId, 1);
        enrolled.forEach(b::add);
        return b;
    }

    private static void warm(TemplateIndex index, List<float[]> probes) {
        for (int i = 0; i < Math.min(200, probes.size()); i++) {
            index.search(probes.get(i), 1);
        }
    }

    private static String row(String kind, String param, double buildMs, long bytes, TemplateIndex exact,
            TemplateIndex index, List<float[]> probes, List<Threshold> thresholds) {
        long t0 = System.nanoTime();
        for (float[] p : probes) {
            index.search(p, 1);
        }
        double msPerProbe = (System.nanoTime() - t0) / 1e6 / probes.size();
        StringBuilder sb = new StringBuilder();
        IndexAgreement first = null;
        for (Threshold t : thresholds) {
            IndexAgreement a = IndexAgreement.measure(exact, index, probes, t);
            if (first == null) {
                first = a;
            }
            sb.append(String.format(Locale.ROOT, " %d/%d (%d) |", a.sameDecision(), a.probes(), a.acceptedByExact()));
        }
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %.3f | %.4f | %d/%d |", kind, param, buildMs,
                SearchBenchmark.mb(bytes), msPerProbe, first.recallAt1(), first.sameTop1Distance(), first.probes()) + sb;
    }
}
