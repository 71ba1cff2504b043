package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An index changed person by person (as the change feed does) answers exactly as one built from the final people. */
class GalleryIndexUpdateTest {
    @Test
    void putsAndRemovesAcrossBlocksMatchAFreshBuild() {
        Random rnd = new Random(21);
        Map<String, List<float[]>> people = new LinkedHashMap<>();
        GalleryIndex.Builder first = new GalleryIndex.Builder("m", 1);
        for (int i = 0; i < 700; i++) { // more than one block of 512 rows
            float[] v = TestVectors.random(rnd, 16);
            people.put("p" + i, new ArrayList<>(List.of(v)));
            first.add("p" + i, v);
        }
        try (GalleryIndex updated = first.build()) {
            for (int i = 0; i < 300; i++) {
                String name = "p" + rnd.nextInt(900);
                switch (rnd.nextInt(3)) {
                    case 0 -> people.remove(name);
                    case 1 -> people.computeIfAbsent(name, n -> new ArrayList<>()).add(TestVectors.random(rnd, 16));
                    default -> people.put(name, new ArrayList<>(List.of(TestVectors.random(rnd, 16))));
                }
                set(updated, name, people.getOrDefault(name, List.of()));
            }
            updated.remove("not-there"); // a no-op
            GalleryIndex.Builder fresh = new GalleryIndex.Builder("m", 1);
            people.forEach((name, vs) -> vs.forEach(v -> fresh.add(name, v)));
            try (GalleryIndex rebuilt = fresh.build()) {
                assertEquals(rebuilt.size(), updated.size());
                for (int q = 0; q < 50; q++) {
                    float[] probe = TestVectors.random(rnd, 16);
                    List<Match> a = updated.search(probe, 5);
                    List<Match> b = rebuilt.search(probe, 5);
                    assertEquals(b.stream().map(Match::name).toList(), a.stream().map(Match::name).toList());
                    for (int k = 0; k < a.size(); k++) {
                        assertEquals(b.get(k).distance(), a.get(k).distance(), 1e-5);
                        assertEquals(b.get(k).embeddings(), a.get(k).embeddings());
                    }
                }
            }
        }
    }

    @Test
    void anIndexLoadedEmptyTakesItsFirstPerson() {
        try (GalleryIndex empty = new GalleryIndex.Builder("m", 1).build()) {
            float[] v = TestVectors.random(new Random(22), 128);
            set(empty, "ann", List.of(v));
            List<Match> m = empty.search(v, 3);
            assertEquals(1, m.size());
            assertEquals("ann", m.get(0).name());
            assertTrue(m.get(0).distance() < 1e-6);
            set(empty, "ann", List.of());
            assertEquals(0, empty.size());
        }
    }

    /** What the gallery does for a changed person: the mean of their vectors, or removal when none are left. */
    private static void set(GalleryIndex index, String name, List<float[]> vectors) {
        if (vectors.isEmpty()) {
            index.remove(name);
        } else {
            index.put(name, oneshot.eval.Templates.of(vectors), vectors.size());
        }
    }
}
