package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SingletonPickerTest {
    // labels: 0 x3, 1 once (item 3), 2 x2, 3 once (item 6), 4 once (item 7), 5 once (item 8)
    private static final int[] LABELS = {0, 0, 0, 1, 2, 2, 3, 4, 5};

    @Test
    void picksDistinctOneImagePeopleReproducibly() {
        SingletonPicker p = new SingletonPicker(LABELS, 7);
        assertEquals(4, p.size());
        Set<Integer> seenAcrossBatches = new HashSet<>();
        for (int b = 0; b < 20; b++) {
            int[] got = p.pick(2, b, 3);
            Set<Integer> distinct = new HashSet<>();
            for (int i : got) {
                assertTrue(i == 3 || i == 6 || i == 7 || i == 8, "only one-image people: " + i);
                distinct.add(i);
            }
            assertEquals(3, distinct.size(), "no person twice in a batch");
            assertArrayEquals(got, new SingletonPicker(LABELS, 7).pick(2, b, 3), "pure function of seed, epoch, batch");
            seenAcrossBatches.addAll(distinct);
        }
        assertEquals(4, seenAcrossBatches.size());
        assertEquals(0, p.pick(1, 1, 0).length);
        assertThrows(IllegalArgumentException.class, () -> p.pick(1, 1, 5));
    }
}
