package oneshot.scale.solr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/** A throw-away SolrCloud (embedded ZooKeeper, Jetty nodes in this JVM) with the gallery configset uploaded. */
final class SolrClusters {
    private SolrClusters() {}

    static MiniSolrCloudCluster start(Path base, int nodes) throws Exception {
        Path configSet = GalleryCollection.writeConfigSet(base.resolve("configset"));
        return new MiniSolrCloudCluster.Builder(nodes, base.resolve("cluster"))
                .addConfig(GalleryCollection.CONFIGSET, configSet.resolve("conf"))
                .configure();
    }

    static String createCollection(MiniSolrCloudCluster cluster, String name, int shards, int replicas) throws Exception {
        CollectionAdminRequest.createCollection(name, GalleryCollection.CONFIGSET, shards, replicas)
                .process(cluster.getSolrClient());
        cluster.waitForActiveCollection(name, shards, shards * replicas);
        return name;
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
