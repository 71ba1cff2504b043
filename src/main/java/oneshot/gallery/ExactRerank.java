package oneshot.gallery;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-ranks an approximate index's candidates by their float32 templates with the float32 scan's dot product
 * ({@link Vectors#scanDot}), so the matches carry the exact scan's distances: used by {@link HnswIndex} and the SolrCloud
 * index of scale/solr.
 */
public final class ExactRerank {
    private final float[] unitProbe;
    private final List<Match> matches = new ArrayList<>();
    private final List<Float> dots = new ArrayList<>();

    public ExactRerank(float[] unitProbe) {
        this.unitProbe = unitProbe;
    }

    public void add(String name, float[] unitTemplate, int embeddings) {
        float dot = Vectors.scanDot(unitProbe, unitTemplate);
        dots.add(dot);
        matches.add(new Match(name, Vectors.distanceFromDot(dot), embeddings));
    }

    /** The k nearest candidates, nearest first. */
    public List<Match> best(int k) {
        List<Integer> order = new ArrayList<>(matches.size());
        for (int i = 0; i < matches.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Float.compare(dots.get(b), dots.get(a)));
        List<Match> out = new ArrayList<>(Math.min(k, order.size()));
        for (int i = 0; i < Math.min(k, order.size()); i++) {
            out.add(matches.get(order.get(i)));
        }
        return out;
    }
}
