package oneshot.scale.solr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrInputDocument;
import oneshot.gallery.ExactRerank;
import oneshot.gallery.GalleryException;
import oneshot.gallery.GalleryIndex;
import oneshot.gallery.Match;
import oneshot.gallery.TemplateIndex;
import oneshot.gallery.Vectors;

/**
 * The gallery's HNSW index in a SolrCloud collection (configset {@code oneshot-gallery}, see {@link GalleryCollection}):
 * one document per person, {@code id} = name, the unit template in a {@code DenseVectorField} (dot product, HNSW), the
 * number of enrolled vectors in {@code embeddings}. Sharded and replicated as the collection was created; a probe is a
 * {@code {!knn}} query that every shard answers with its own graph, merged by Solr.
 *
 * <p>Like the in-process {@code HnswIndex}: the {@code max(k, ef)} candidates are re-ranked with the stored float32
 * templates ({@link ExactRerank}), so the distances are the exact scan's; {@link #put} and {@link #remove} commit
 * (soft, waiting for the new searcher) before they return, so the next search sees the change.
 */
public final class SolrTemplateIndex implements TemplateIndex.Updatable {
    /**
     * As the in-process index's (HnswIndex.DEFAULT_EF). With Lucene's default graph (M 16, beam 100) 2 of 7,484 LFW
     * decisions differed at 64, 128 and 256 alike (one template unreachable in its shard's graph); the configset's graph
     * of M 32, beam 200 gives 7,484 of 7,484 at 128 (docs/scale-index.md).
     */
    public static final int DEFAULT_EF = 128;
    static final String NAME = "id";
    static final String VECTOR = "template";
    static final String COUNT = "embeddings";
    private static final int BATCH = 1000;

    private final SolrClient client;
    private final String collection;
    private final String modelId;
    private final int dim;
    private final int ef;

    public SolrTemplateIndex(SolrClient client, String collection, String modelId, int dim, int ef) {
        if (dim != GalleryCollection.DIMENSION) {
            throw new GalleryException("the oneshot-gallery configset holds " + GalleryCollection.DIMENSION
                    + "-d templates, not " + dim);
        }
        this.client = client;
        this.collection = collection;
        this.modelId = modelId;
        this.dim = dim;
        this.ef = ef;
    }

    /** Indexes the builder's templates into the (empty) collection in batches, then commits. */
    public static SolrTemplateIndex build(SolrClient client, String collection, GalleryIndex.Builder templates, int ef) {
        SolrTemplateIndex index = new SolrTemplateIndex(client, collection, templates.modelId(), templates.dimension(), ef);
        List<SolrInputDocument> batch = new ArrayList<>(BATCH);
        templates.drainTo((name, unit, embeddings) -> {
            batch.add(document(name, unit, embeddings));
            if (batch.size() == BATCH) {
                index.call(() -> client.add(collection, batch));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            index.call(() -> client.add(collection, batch));
        }
        index.commit();
        return index;
    }

    private static SolrInputDocument document(String name, float[] unit, int embeddings) {
        SolrInputDocument doc = new SolrInputDocument();
        doc.addField(NAME, name);
        doc.addField(COUNT, embeddings);
        List<Float> v = new ArrayList<>(unit.length);
        for (float x : unit) {
            v.add(x);
        }
        doc.addField(VECTOR, v);
        return doc;
    }

    @Override
    public void put(String name, float[] unitTemplate, int embeddings) {
        checkDim(unitTemplate.length);
        call(() -> client.add(collection, document(name, Vectors.normalized(unitTemplate), embeddings)));
        commit();
    }

    @Override
    public boolean remove(String name) {
        boolean present = template(name).isPresent();
        call(() -> client.deleteById(collection, name));
        commit();
        return present;
    }

    private void commit() {
        call(() -> client.commit(collection, true, true, true)); // soft commit, wait for the searcher
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public int size() {
        SolrQuery q = new SolrQuery("*:*");
        q.setRows(0);
        return (int) call(() -> client.query(collection, q)).getResults().getNumFound();
    }

    @Override
    public Optional<float[]> template(String name) {
        SolrDocument doc = call(() -> client.getById(collection, name));
        return doc == null ? Optional.empty() : Optional.of(vector(doc));
    }

    @Override
    public List<Match> search(float[] probe, int k) {
        if (k <= 0) {
            return List.of();
        }
        checkDim(probe.length);
        float[] q = Vectors.normalized(probe);
        int n = Math.max(k, ef);
        StringBuilder knn = new StringBuilder("{!knn f=").append(VECTOR).append(" topK=").append(n).append("}[");
        for (int j = 0; j < q.length; j++) {
            knn.append(j > 0 ? "," : "").append(q[j]); // Float.toString round-trips exactly
        }
        SolrQuery query = new SolrQuery(knn.append(']').toString());
        query.setFields(NAME, COUNT, VECTOR);
        query.setRows(n);
        SolrDocumentList docs = call(() -> client.query(collection, query, SolrRequest.METHOD.POST)).getResults();
        ExactRerank rerank = new ExactRerank(q);
        for (SolrDocument d : docs) {
            rerank.add((String) d.getFieldValue(NAME), vector(d), ((Number) d.getFieldValue(COUNT)).intValue());
        }
        return rerank.best(k);
    }

    private float[] vector(SolrDocument d) {
        Collection<Object> values = d.getFieldValues(VECTOR);
        if (values == null || values.size() != dim) {
            throw new GalleryException("Solr document '" + d.getFieldValue(NAME) + "' in " + collection + " has "
                    + (values == null ? "no" : values.size() + " values in its") + " template, expected " + dim);
        }
        float[] v = new float[dim];
        int j = 0;
        for (Object o : values) {
            v[j++] = ((Number) o).floatValue();
        }
        return v;
    }

    private void checkDim(int length) {
        if (length != dim) {
            throw new GalleryException("vectors of " + length + " dimensions cannot join a gallery of " + dim);
        }
    }

    @Override
    public void close() {
        // the client belongs to the caller (one client serves many collections)
    }

    private interface SolrCall<T> {
        T run() throws SolrServerException, IOException;
    }

    private <T> T call(SolrCall<T> c) {
        try {
            return c.run();
        } catch (SolrServerException e) {
            throw new GalleryException("Solr collection " + collection + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Solr collection " + collection + ": " + e.getMessage(), e);
        }
    }
}
