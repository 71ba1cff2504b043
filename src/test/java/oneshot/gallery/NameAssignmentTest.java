package oneshot.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Faces of one image named from their candidates: each person at most once, nearest pair first. */
class NameAssignmentTest {
    private static final Threshold T = new Threshold(0.5, "test", false, true);

    @Test
    void theNearerFaceKeepsTheNameAndTheOtherFallsBackOnItsNextAcceptedCandidate() {
        List<List<Match>> c = List.of(
                List.of(new Match("penny", 0.20, 1), new Match("amy", 0.45, 1)),
                List.of(new Match("penny", 0.10, 1), new Match("amy", 0.30, 1)),
                List.of(new Match("penny", 0.30, 1), new Match("raj", 0.70, 1)));
        List<Verdict> v = NameAssignment.assign(c, T, true, 1);
        assertEquals("amy", v.get(0).name());
        assertEquals(0.45, v.get(0).distance(), 0, "the distance to the person it was named as");
        assertEquals("penny", v.get(1).name(), "face 2 is nearer to penny than face 1");
        assertNull(v.get(2).name(), "penny is taken and raj is beyond the threshold");
        assertEquals(0.30, v.get(2).distance(), 0, "an unknown face reports its nearest distance");
        assertEquals(1, v.get(0).candidates().size(), "candidates cut to what is shown");
    }

    @Test
    void withoutUniqueNamesEveryFaceGetsItsNearest() {
        List<List<Match>> c = List.of(List.of(new Match("penny", 0.20, 1)), List.of(new Match("penny", 0.10, 1)),
                List.of(new Match("penny", 0.60, 1)), List.of());
        List<Verdict> v = NameAssignment.assign(c, T, false, 3);
        assertEquals("penny", v.get(0).name());
        assertEquals("penny", v.get(1).name());
        assertNull(v.get(2).name());
        assertNull(v.get(3).name());
        assertEquals(Double.NaN, v.get(3).distance(), "empty gallery");
    }

    @Test
    void equalDistancesGoToTheFirstFace() {
        List<List<Match>> c = List.of(List.of(new Match("penny", 0.20, 1)), List.of(new Match("penny", 0.20, 1)));
        List<Verdict> v = NameAssignment.assign(c, T, true, 3);
        assertEquals("penny", v.get(0).name());
        assertNull(v.get(1).name());
    }
}
