package oneshot.scale.solr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code oneshot-gallery} configset (schema: id, embeddings, 128-d dense vector template), shipped as resources. */
public final class GalleryCollection {
    public static final String CONFIGSET = "oneshot-gallery";
    public static final int DIMENSION = 128;
    private static final List<String> FILES = List.of("solrconfig.xml", "schema.xml");

    private GalleryCollection() {}

    /** Copies the configset into {@code dir}/conf, for uploading to ZooKeeper ({@code bin/solr zk upconfig} or a test). */
    public static Path writeConfigSet(Path dir) {
        Path conf = dir.resolve("conf");
        try {
            Files.createDirectories(conf);
            for (String f : FILES) {
                try (InputStream in = GalleryCollection.class.getResourceAsStream("configset/conf/" + f)) {
                    if (in == null) {
                        throw new IOException("resource configset/conf/" + f + " missing from the oneshot-solr jar");
                    }
                    Files.copy(in, conf.resolve(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configset to " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
