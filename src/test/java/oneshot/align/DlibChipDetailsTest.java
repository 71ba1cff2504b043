package oneshot.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import oneshot.image.RgbImage;
import org.junit.jupiter.api.Test;

/** Bad inputs to dlib chips get clear errors; a chip wholly outside the image is black, as dlib's. */
class DlibChipDetailsTest {

    @Test
    void onlyThe68PointShapeMakesAChip() {
        FaceLandmarks five = new FaceLandmarks(new int[] {1, 2, 3, 4, 5}, new int[] {1, 2, 3, 4, 5});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DlibChipDetails.forFace(five, 150, 0.25));
        assertTrue(e.getMessage().contains("68-point"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DlibChipDetails.forFace(face(0, 0), 0, 0.25));
        assertThrows(IllegalArgumentException.class, () -> DlibChipDetails.forFace(face(0, 0), 150, -0.1));
        assertThrows(IllegalArgumentException.class, () -> DlibChipDetails.forFace(face(0, 0), 150, Double.NaN));
    }

    @Test
    void aChipFarOutsideTheImageIsBlack() {
        byte[] white = new byte[100 * 80 * 3];
        java.util.Arrays.fill(white, (byte) 255);
        RgbImage img = new RgbImage(100, 80, white);
        AlignedFace far = DlibChip.descriptorChip(img, face(5000, 5000));
        assertEquals(150, far.crop().width());
        for (byte b : far.crop().rgb()) assertEquals(0, b);
    }

    /** A plausible 68-point face (an affine of dlib's mean face would do; any spread-out points are enough here). */
    private static FaceLandmarks face(int dx, int dy) {
        int[] x = new int[68], y = new int[68];
        for (int i = 0; i < 68; i++) {
            x[i] = dx + 20 + (i * 37) % 60;
            y[i] = dy + 10 + (i * 53) % 70;
        }
        return new FaceLandmarks(x, y);
    }
}
