package oneshot.scale.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import oneshot.embed.EmbedBenchmark;
import oneshot.gallery.GalleryIndex;
import oneshot.gallery.Match;
import oneshot.gallery.RealVectors;
import oneshot.gallery.Threshold;
import oneshot.gallery.Vectors;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrDocument;

/**
 * Why SolrCloud's open-set decisions on LFW differ from the exact scan's, and at which {@code topK} they stop differing:
 * the same two-node cluster and 2 x 2 collection as {@link SolrTemplateIndexTest}, the same one-shot split (5,749
 * people enrolled, 7,484 probes). For each topK: recall@1, decisions unchanged at the LFW threshold and the time per
 * probe (HTTP to the in-JVM nodes, so the shared machine's load is in it). For each probe whose decision differs: the
 * exact nearest and its distance, Solr's nearest after the float32 re-rank, whether Solr returned the exact nearest at
 * all, and Solr's own scores (dot product: {@code (1 + dot) / 2}) turned back into distances.
 *
 * <p>With {@code --self}: each enrolled template is also searched for with itself as the probe (distance 0), at the
 * first topK: a template that does not come back first is one its shard's graph search cannot reach from the entry
 * point, whatever the probe.
 *
 * <pre>
 * java -cp ... oneshot.scale.solr.SolrLfwAgreement reports/embeddings/lfw-dlib.emb 128,256,512 [--self]
 * </pre>
 */
public final class SolrLfwAgreement {
    private static final Threshold LFW = new Threshold(Threshold.DLIB_RESNET_LFW_DEFAULT, "LFW 10-fold", true, false);

    private SolrLfwAgreement() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3 || args.length == 3 && !args[2].equals("--self")) {
            System.err.println("usage: SolrLfwAgreement LFW_TABLE.emb TOPK[,TOPK...] [--self]");
            System.exit(2);
        }
        System.setProperty("oneshot.lfwEmbeddings", args[0]);
        int[] topKs = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        System.out.printf(Locale.ROOT, "load average at start: %s; matmul reference (2048x2048, DJL/PyTorch): %.1f"
                + " GFLOP/s%n", loadAverage(), EmbedBenchmark.matmulGflops(2));

        List<RealVectors.Labelled> all = RealVectors.lfw();
        List<String> probePaths = new ArrayList<>();
        Map<String, String> firstPath = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (RealVectors.Labelled l : all) {
            if (!seen.add(l.label())) {
                probePaths.add(l.path());
            } else {
                firstPath.put(l.label(), l.path());
            }
        }
        Path base = Files.createTempDirectory("oneshot-solr-lfw");
        MiniSolrCloudCluster cluster = SolrClusters.start(base, 2);
        List<String> table = new ArrayList<>();
        try {
            String collection = SolrClusters.createCollection(cluster, "lfw", 2, 2);
            RealVectors.Split a = RealVectors.oneShot(all, "m");
            RealVectors.Split b = RealVectors.oneShot(all, "m");
            long t0 = System.nanoTime();
            try (GalleryIndex exact = a.gallery().build();
                    SolrTemplateIndex built = SolrTemplateIndex.build(cluster.getSolrClient(), collection, b.gallery(),
                            topKs[0])) {
                System.out.printf(Locale.ROOT, "%d people indexed in %.1f s; %d probes; threshold %s (%s)%n",
                        built.size(), (System.nanoTime() - t0) / 1e9, a.probes().size(), LFW.value(), LFW.origin());
                List<Match> exactTop = new ArrayList<>();
                for (float[] p : a.probes()) {
                    exactTop.add(exact.search(p, 1).get(0));
                }
                if (args.length == 3) {
                    selfSearch(cluster, collection, exact, firstPath.keySet(), topKs);
                    return;
                }
                for (int topK : topKs) {
                    SolrTemplateIndex solr = new SolrTemplateIndex(cluster.getSolrClient(), collection, "m", 128, topK);
                    int same = 0, decisions = 0;
                    double[] ms = new double[a.probes().size()];
                    List<Integer> differing = new ArrayList<>();
                    for (int i = 0; i < a.probes().size(); i++) {
                        long s = System.nanoTime();
                        Match c = solr.search(a.probes().get(i), 1).get(0);
                        ms[i] = (System.nanoTime() - s) / 1e6;
                        Match e = exactTop.get(i);
                        same += c.name().equals(e.name()) ? 1 : 0;
                        String de = LFW.accepts(e.distance()) ? e.name() : null;
                        String dc = LFW.accepts(c.distance()) ? c.name() : null;
                        boolean sameDecision = de == null ? dc == null : de.equals(dc);
                        decisions += sameDecision ? 1 : 0;
                        if (!sameDecision) {
                            differing.add(i);
                        }
                    }
                    Arrays.sort(ms);
                    String row = String.format(Locale.ROOT, "| %d | %.5f (%d/%d) | %d/%d | %.1f | %.1f |", topK,
                            (double) same / ms.length, same, ms.length, decisions, ms.length, ms[ms.length / 2],
                            ms[(int) Math.ceil(0.95 * ms.length) - 1]);
                    System.out.println(row);
                    table.add(row);
                    for (int i : differing) {
                        explain(cluster, collection, topK, a.probes().get(i), probePaths.get(i), exactTop.get(i),
                                solr.search(a.probes().get(i), 1).get(0), firstPath);
                    }
                }
            }
        } finally {
            cluster.shutdown();
            SolrClusters.deleteTree(base);
        }
        System.out.println();
        System.out.println("| topK (= Lucene's k, its ef) | recall@1 | decisions unchanged at " + LFW.value()
                + " | ms per probe, median | ms p95 |");
        System.out.println("|---:|---:|---:|---:|---:|");
        table.forEach(System.out::println);
        System.out.println("load average at end: " + loadAverage());
    }

    /**
     * Every enrolled template searched with itself at the first topK; those not returned first are searched again at
     * the larger topKs. A template its own vector does not find is one the shard's graph search does not reach.
     */
    private static void selfSearch(MiniSolrCloudCluster cluster, String collection, GalleryIndex exact, Set<String> names,
            int[] topKs) {
        SolrTemplateIndex solr = new SolrTemplateIndex(cluster.getSolrClient(), collection, "m", 128, topKs[0]);
        List<String> lost = new ArrayList<>();
        for (String name : names) {
            List<Match> got = solr.search(exact.template(name).orElseThrow(), 1);
            if (got.isEmpty() || !got.get(0).name().equals(name)) {
                lost.add(name);
                System.out.printf(Locale.ROOT, "  not found by its own vector at topK %d: %s (first hit %s; stored in"
                        + " Solr: %s)%n", topKs[0], name, got.isEmpty() ? "none" : got.get(0).name() + String.format(
                        Locale.ROOT, " at %.6f", got.get(0).distance()), solr.template(name).isPresent());
            }
        }
        System.out.printf(Locale.ROOT, "self-search at topK %d: %d of %d templates not returned first by their own"
                + " vector%n", topKs[0], lost.size(), names.size());
        for (int i = 1; i < topKs.length; i++) {
            SolrTemplateIndex wider = new SolrTemplateIndex(cluster.getSolrClient(), collection, "m", 128, topKs[i]);
            int found = 0;
            for (String name : lost) {
                List<Match> got = wider.search(exact.template(name).orElseThrow(), 1);
                found += !got.isEmpty() && got.get(0).name().equals(name) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "  at topK %d: %d of those %d found%n", topKs[i], found, lost.size());
        }
    }

    /** One differing probe: what the exact scan and Solr found, and what Solr itself scored. */
    private static void explain(MiniSolrCloudCluster cluster, String collection, int topK, float[] probe, String path,
            Match exact, Match solr, Map<String, String> firstPath) throws Exception {
        float[] q = Vectors.normalized(probe);
        StringBuilder knn = new StringBuilder("{!knn f=template topK=").append(topK).append("}[");
        for (int j = 0; j < q.length; j++) {
            knn.append(j > 0 ? "," : "").append(q[j]);
        }
        SolrQuery query = new SolrQuery(knn.append(']').toString());
        query.setFields("id", "score");
        query.setRows(topK);
        List<SolrDocument> docs = cluster.getSolrClient().query(collection, query, SolrRequest.METHOD.POST).getResults();
        int rankOfExact = -1;
        float scoreOfExact = Float.NaN;
        for (int r = 0; r < docs.size(); r++) {
            if (exact.name().equals(docs.get(r).getFieldValue("id"))) {
                rankOfExact = r;
                scoreOfExact = ((Number) docs.get(r).getFieldValue("score")).floatValue();
            }
        }
        float topScore = docs.isEmpty() ? Float.NaN : ((Number) docs.get(0).getFieldValue("score")).floatValue();
        System.out.printf(Locale.ROOT, "  differs at topK %d: probe %s; exact nearest %s (%s) at %.6f; Solr's nearest"
                        + " after re-rank %s at %.6f; Solr's first hit %s, score %.7f (distance %.6f); the exact nearest"
                        + " %s; threshold %s; %d hits returned%n",
                topK, path, exact.name(), firstPath.get(exact.name()), exact.distance(), solr.name(), solr.distance(),
                docs.isEmpty() ? "-" : docs.get(0).getFieldValue("id"), topScore, 4 - 4.0 * topScore,
                rankOfExact < 0 ? "was not among Solr's hits" : String.format(Locale.ROOT, "was hit %d, score %.7f"
                        + " (distance %.6f)", rankOfExact + 1, scoreOfExact, 4 - 4.0 * scoreOfExact), LFW.value(),
                docs.size());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
