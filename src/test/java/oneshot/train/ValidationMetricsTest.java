package oneshot.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ValidationMetricsTest {
    @Test
    void aucAndTarOnAHandWorkedCase() {
        // Genuine 0.1 beats all 4 impostors, 0.5 beats 3 of them: AUC = 7/8.
        // FAR 0.25 of 4 impostors allows 1 false accept: threshold 0.3, accepting genuine 0.1 only: TAR 1/2.
        ValidationMetrics m = ValidationMetrics.of(new float[] {0.5f, 0.1f}, new float[] {1.2f, 0.3f, 0.9f, 0.6f},
                0.25);
        assertEquals(0.875, m.auc(), 1e-12);
        assertEquals(0.3f, (float) m.threshold());
        assertEquals(0.5, m.tarAtFar(), 1e-12);
        assertEquals(2, m.genuinePairs());
        assertEquals(4, m.impostorPairs());
    }

    @Test
    void tiesCountHalfAndNeverPushFarOverItsTarget() {
        // Genuine 0.3 ties impostor 0.3 (1/2) and beats 0.6: AUC = 1.5 / 2.
        ValidationMetrics m = ValidationMetrics.of(new float[] {0.3f}, new float[] {0.3f, 0.6f}, 0.5);
        assertEquals(0.75, m.auc(), 1e-12);
        // Two impostors at 0.2 with room for one false accept: the threshold must sit below 0.2.
        ValidationMetrics t = ValidationMetrics.of(new float[] {0.1f, 0.2f}, new float[] {0.2f, 0.2f, 0.9f, 0.9f},
                0.25);
        assertEquals(0.5, t.tarAtFar(), 1e-12);
    }

    @Test
    void tooFewImpostorsForTheFarGiveZeroTar() {
        ValidationMetrics m = ValidationMetrics.of(new float[] {0.1f}, new float[] {0.5f, 0.6f}, 1e-3);
        assertEquals(0.0, m.tarAtFar());
        assertEquals(1.0, m.auc(), 1e-12);
    }

    @Test
    void fromEmbeddingsUsesAllPairs() {
        // Points on a line: A at 0 and 0.1, B at 1: genuine d = 0.01; impostor d = 1, 0.81.
        ValidationMetrics m = ValidationMetrics.of(new float[][] {{0f}, {0.1f}, {1f}, {1.05f}}, new int[] {0, 0, 1, 1},
                0.25);
        assertEquals(2, m.genuinePairs());
        assertEquals(4, m.impostorPairs());
        assertEquals(1.0, m.auc(), 1e-12);
        assertEquals(1.0, m.tarAtFar(), 1e-12);
    }
}
