package oneshot.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {
    @Test
    void unionKeepsTheBestOfOverlappingBoxesAndDistantOnes() {
        Candidate a = new Candidate(0, 0, 9, 9, 0.9);
        Candidate b = new Candidate(1, 1, 10, 10, 0.8); // IoU 81/119 = 0.68 with a
        Candidate c = new Candidate(50, 50, 59, 59, 0.7);
        assertEquals(List.of(a, c), Nms.apply(List.of(b, c, a), 0.5, Nms.Mode.UNION));
        assertEquals(List.of(a, b, c), Nms.apply(List.of(b, c, a), 0.7, Nms.Mode.UNION));
    }

    @Test
    void minModeDropsABoxInsideABetterOne() {
        Candidate big = new Candidate(0, 0, 99, 99, 0.9);
        Candidate inner = new Candidate(10, 10, 29, 29, 0.95); // IoU 0.04, but fully inside
        assertEquals(List.of(inner), Nms.apply(List.of(big, inner), 0.7, Nms.Mode.MIN));
        assertEquals(2, Nms.apply(List.of(big, inner), 0.7, Nms.Mode.UNION).size());
    }
}
