package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The face key never hides a stored vector within 0.01 per component, and it narrows the rows a check reads. */
class FaceKeyTest {
    private static final List<FaceKey> GRIDS = List.of(FaceKey.GALLERY, new FaceKey(6, 0.05), new FaceKey(9, 0.03),
            new FaceKey(4, 0.1));

    /** A unit vector whose first components sit on cell boundaries (exactly, or one float step either side). */
    private static float[] onBoundaries(Random rnd, FaceKey grid) {
        float[] v = TestVectors.random(rnd, 128);
        for (int i = 0; i < grid.dims(); i++) {
            if (rnd.nextInt(4) != 0) {
                float edge = (float) (Math.round(v[i] / grid.width()) * grid.width());
                v[i] = switch (rnd.nextInt(3)) {
                    case 0 -> edge;
                    case 1 -> Math.nextUp(edge);
                    default -> Math.nextDown(edge);
                };
            }
        }
        return v;
    }

    /** Every component moved by up to 0.0099, often by exactly +-0.0099 (across a boundary when it sits on one). */
    private static float[] perturbed(Random rnd, float[] v) {
        float[] p = v.clone();
        for (int i = 0; i < p.length; i++) {
            double d = switch (rnd.nextInt(3)) {
                case 0 -> 0.0099;
                case 1 -> -0.0099;
                default -> (rnd.nextDouble() * 2 - 1) * 0.0099;
            };
            p[i] = (float) (v[i] + d);
        }
        return p;
    }

    private static Set<Long> near(FaceKey grid, float[] v) {
        return Arrays.stream(grid.near(v)).boxed().collect(Collectors.toSet());
    }

    @Test
    void aVectorWithinTheMarginPerComponentAlwaysHasOneOfTheLookedUpKeys() {
        Random rnd = new Random(15);
        for (FaceKey grid : GRIDS) {
            int severalKeys = 0;
            for (int t = 0; t < 20_000; t++) {
                float[] x = t % 2 == 0 ? onBoundaries(rnd, grid) : TestVectors.random(rnd, 128);
                float[] y = perturbed(rnd, x);
                Set<Long> fromX = near(grid, x);
                assertTrue(fromX.contains(grid.of(y)), () -> "missed " + Arrays.toString(Arrays.copyOf(y, 10))
                        + " from " + Arrays.toString(Arrays.copyOf(x, 10)));
                assertTrue(near(grid, y).contains(grid.of(x)));
                assertTrue(fromX.contains(grid.of(x)));
                assertTrue(fromX.size() <= 1 << grid.dims());
                severalKeys += fromX.size() > 1 ? 1 : 0;
            }
            assertTrue(severalKeys > 10_000, "the boundary cases were exercised: " + severalKeys);
        }
    }

    @Test
    void aComponentBeyondTheMarginAcrossABoundaryIsAnotherKey() {
        FaceKey grid = FaceKey.GALLERY;
        float[] x = new float[128];
        Arrays.fill(x, (float) (grid.width() / 2)); // mid-cell: far from every boundary
        x[0] = (float) (3 * grid.width() - 0.0102); // 0.0102 below a boundary: only its own cell is within the margin
        assertEquals(1, grid.near(x).length);
        float[] y = x.clone();
        y[0] = (float) (3 * grid.width() + 0.0001);
        assertTrue(!near(grid, x).contains(grid.of(y)));
    }

    @Test
    void componentsAtTheEndsOfTheRangeAndBeyondAreClamped() {
        for (FaceKey grid : GRIDS) {
            float[] top = new float[128];
            top[0] = 1;
            float[] beyond = top.clone();
            beyond[0] = 1.005f; // not a unit vector's component, but within the margin of one
            float[] bottom = top.clone();
            bottom[0] = -1;
            assertTrue(near(grid, top).contains(grid.of(beyond)));
            assertTrue(grid.of(top) != grid.of(bottom));
            assertTrue(grid.of(top) >= 0 && grid.of(bottom) >= 0);
        }
        assertThrows(IllegalArgumentException.class, () -> new FaceKey(8, 0.02), "cells narrower than twice the margin");
        assertThrows(IllegalArgumentException.class, () -> new FaceKey(11, 0.04), "more cells than a BIGINT holds");
    }

    /** How many stored rows a lookup reads, on average, for probes that are not in the set. */
    private static double candidatesPerLookup(List<float[]> stored, List<float[]> probes) {
        Map<Long, Integer> rowsPerKey = new HashMap<>();
        stored.forEach(v -> rowsPerKey.merge(FaceKey.GALLERY.of(v), 1, Integer::sum));
        long read = 0;
        for (float[] p : probes) {
            for (long k : FaceKey.GALLERY.near(p)) {
                read += rowsPerKey.getOrDefault(k, 0);
            }
        }
        return read / (double) probes.size();
    }

    @Test
    void aLookupReadsAFewRowsOfSyntheticAndRealGalleries() throws Exception {
        Random rnd = new Random(42);
        List<float[]> stored = new java.util.ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            stored.add(TestVectors.random(rnd, 128));
        }
        List<float[]> probes = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> TestVectors.random(rnd, 128)).toList();
        double synthetic = candidatesPerLookup(stored, probes);
        assertTrue(synthetic < 2, "synthetic 100k: " + synthetic + " rows per lookup"); // 0.15 measured
        // Real descriptors crowd into a cone (components about 0.035 wide, not 0.088): each against the other 114.
        List<float[]> real = RealVectors.golden().stream().map(RealVectors.Labelled::vector).toList();
        double read = 0;
        for (int i = 0; i < real.size(); i++) {
            List<float[]> others = new java.util.ArrayList<>(real);
            others.remove(i);
            read += candidatesPerLookup(others, List.of(real.get(i)));
        }
        double fraction = read / real.size() / (real.size() - 1);
        assertTrue(fraction < 0.01, "golden dlib descriptors: a lookup reads " + fraction + " of the gallery");
    }
}
