package oneshot.train;

import java.util.ArrayList;
import java.util.List;
import oneshot.align.FaceLandmarks;
import oneshot.align.OpenFaceAligner;
import oneshot.align.OpenFaceTemplate;
import oneshot.image.RgbImage;

/**
 * A test-only teacher with the real teacher's shape of work: its own crop from the landmarks (OpenFace's inner-eyes
 * template at 32x32, not the student's), and an embedding that is a pure function of the crop's pixels (mean of
 * each channel in a 4x4 grid, 48 values, centred), so two different faces get different targets.
 */
class StubTeacher implements Teacher {
    final List<FaceLandmarks> chipLandmarks = new ArrayList<>();
    private final int failAfterEmbeds;
    private final boolean wide;
    private int embeds;

    StubTeacher() {
        this(Integer.MAX_VALUE);
    }

    /** Throws once it has embedded {@code failAfterEmbeds} chips: a build killed part-way. */
    StubTeacher(int failAfterEmbeds) {
        this(failAfterEmbeds, false);
    }

    private StubTeacher(int failAfterEmbeds, boolean wide) {
        this.failAfterEmbeds = failAfterEmbeds;
        this.wide = wide;
    }

    /** 128 values (the grid means, then negated, then the first 32 halved): the student's length, for matching. */
    static StubTeacher wide() {
        return new StubTeacher(Integer.MAX_VALUE, true);
    }

    @Override
    public String id() { return wide ? "stub-grid-means-128-v1" : "stub-grid-means-v1"; }

    @Override
    public int dimension() { return wide ? 128 : 48; }

    @Override
    public RgbImage chip(RgbImage original, FaceLandmarks lm) {
        chipLandmarks.add(lm);
        return OpenFaceAligner.alignLandmarks(original, lm, OpenFaceTemplate.INNER_EYES_AND_BOTTOM_LIP, 32).crop();
    }

    @Override
    public float[][] embed(List<RgbImage> chips) {
        float[][] out = new float[chips.size()][];
        for (int i = 0; i < chips.size(); i++) {
            if (embeds++ >= failAfterEmbeds) {
                throw new IllegalStateException("stub teacher killed after " + failAfterEmbeds + " embeddings");
            }
            out[i] = wide ? widen(gridMeans(chips.get(i))) : gridMeans(chips.get(i));
        }
        return out;
    }

    private static float[] widen(float[] g) {
        float[] v = new float[128];
        for (int k = 0; k < 128; k++) {
            v[k] = k < 48 ? g[k] : k < 96 ? -g[k - 48] : 0.5f * g[k - 96];
        }
        return v;
    }

    static float[] gridMeans(RgbImage c) {
        float[] v = new float[48];
        int cell = c.width() / 4;
        for (int gy = 0; gy < 4; gy++) {
            for (int gx = 0; gx < 4; gx++) {
                for (int ch = 0; ch < 3; ch++) {
                    double s = 0;
                    for (int y = gy * cell; y < (gy + 1) * cell; y++) {
                        for (int x = gx * cell; x < (gx + 1) * cell; x++) {
                            s += c.get(x, y, ch);
                        }
                    }
                    v[(gy * 4 + gx) * 3 + ch] = (float) (s / (cell * cell) / 255.0 - 0.5);
                }
            }
        }
        return v;
    }

    @Override
    public void close() {}
}
