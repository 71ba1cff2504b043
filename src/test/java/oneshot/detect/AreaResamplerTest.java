package oneshot.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import oneshot.image.RgbImage;
import org.junit.jupiter.api.Test;

class AreaResamplerTest {
    private static RgbImage random(int w, int h) {
        byte[] b = new byte[w * h * 3];
        new Random(7).nextBytes(b);
        return new RgbImage(w, h, b);
    }

    @Test
    void halvingIsTheTwoByTwoMean() {
        RgbImage img = random(10, 8);
        float[] out = AreaResampler.resize(img, 0, 0, 10, 8, 5, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                for (int c = 0; c < 3; c++) {
                    double mean = (img.get(2 * x, 2 * y, c) + img.get(2 * x + 1, 2 * y, c) + img.get(2 * x, 2 * y + 1, c)
                            + img.get(2 * x + 1, 2 * y + 1, c)) / 4.0;
                    assertEquals(mean, out[(y * 5 + x) * 3 + c], 1e-3);
                }
            }
        }
    }

    @Test
    void areaShrinkKeepsTheMeanAndOutsidePixelsCountZero() {
        RgbImage img = random(33, 21);
        float[] out = AreaResampler.resize(img, 0, 0, 33, 21, 12, 7);
        double in = 0;
        for (byte v : img.rgb()) {
            in += v & 0xff;
        }
        double o = 0;
        for (float v : out) {
            o += v;
        }
        assertEquals(in / img.rgb().length, o / out.length, 1e-2);
        // a window half outside the image on the left: the outside half is black
        float[] half = AreaResampler.resize(img, -33, 0, 66, 21, 2, 1);
        float[] right = AreaResampler.resize(img, 0, 0, 33, 21, 1, 1);
        assertEquals(0, half[0], 1e-6);
        assertEquals(right[0], half[3], 1e-3);
    }
}
