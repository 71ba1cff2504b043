package oneshot.train;

import java.util.Locale;
import java.util.SplittableRandom;
import oneshot.align.FaceLandmarks;
import oneshot.image.RgbImage;

/**
 * Seeded augmentation applied identically to the student's crop and the teacher's chip of one image: a small random
 * similarity move of the 68 landmarks before both warps (shift, scale, rotation about their centroid), a horizontal
 * flip of both crops, and one colour change (per-channel gain and brightness) of both. Variant v of image i draws its
 * parameters from (seed, i, v) alone, so a rebuilt or resumed cache holds the same pixels.
 *
 * @param variants   augmented variants per image besides the original (0 = no augmentation)
 * @param flip       whether variants may be mirrored (with probability 1/2)
 * @param shiftPixels landmark shift, uniform in +-shiftPixels on each axis (original-image pixels)
 * @param scale      relative landmark scale change, uniform in +-scale
 * @param rotateDegrees landmark rotation, uniform in +-rotateDegrees
 * @param colour     per-channel gain uniform in 1 +- colour, brightness shift uniform in +- 64 colour (of 255)
 * @param seed       seeds every variant
 */
public record Augmentation(int variants, boolean flip, double shiftPixels, double scale, double rotateDegrees,
                           double colour, long seed) {
    public static final Augmentation NONE = new Augmentation(0, false, 0, 0, 0, 0, 0);

    public Augmentation {
        if (variants < 0 || shiftPixels < 0 || scale < 0 || scale >= 0.5 || rotateDegrees < 0 || colour < 0
                || colour >= 1) {
            throw new IllegalArgumentException("Bad augmentation: variants " + variants + ", shift " + shiftPixels
                    + ", scale " + scale + ", rotation " + rotateDegrees + ", colour " + colour);
        }
    }

    /** The default used by {@code --augment N}: mild, so both alignments still see a well-aligned face. */
    public static Augmentation mild(int variants, long seed) {
        return variants == 0 ? NONE : new Augmentation(variants, true, 1.5, 0.03, 3, 0.1, seed);
    }

    /** Everything the pixels of a variant depend on, for cache keys and reports. */
    public String key() {
        return variants == 0 ? "none" : String.format(Locale.ROOT,
                "variants=%d;flip=%b;shift=%.3f;scale=%.4f;rot=%.3f;colour=%.4f;seed=%d", variants, flip, shiftPixels,
                scale, rotateDegrees, colour, seed);
    }

    /** One variant's drawn parameters. Variant 0 is the identity. */
    public record Params(boolean mirror, double dx, double dy, double scale, double radians, float[] gain,
                         float brightness) {
        static final Params IDENTITY = new Params(false, 0, 0, 1, 0, new float[] {1, 1, 1}, 0);

        public boolean isIdentity() {
            return !mirror && dx == 0 && dy == 0 && scale == 1 && radians == 0 && gain[0] == 1 && gain[1] == 1
                    && gain[2] == 1 && brightness == 0;
        }

        /** The landmarks moved by this variant's similarity about their centroid, rounded as dlib's parts are. */
        public FaceLandmarks move(FaceLandmarks lm) {
            if (dx == 0 && dy == 0 && scale == 1 && radians == 0) {
                return lm;
            }
            double cx = 0;
            double cy = 0;
            for (int i = 0; i < lm.size(); i++) {
                cx += lm.x(i);
                cy += lm.y(i);
            }
            cx /= lm.size();
            cy /= lm.size();
            double c = Math.cos(radians) * scale;
            double s = Math.sin(radians) * scale;
            int[] x = new int[lm.size()];
            int[] y = new int[lm.size()];
            for (int i = 0; i < lm.size(); i++) {
                double u = lm.x(i) - cx;
                double v = lm.y(i) - cy;
                x[i] = (int) Math.floor(cx + c * u - s * v + dx + 0.5);
                y[i] = (int) Math.floor(cy + s * u + c * v + dy + 0.5);
            }
            return new FaceLandmarks(x, y);
        }

        /** Mirror and colour change of a finished crop (same for the student's and the teacher's). */
        public RgbImage paint(RgbImage crop) {
            if (!mirror && gain[0] == 1 && gain[1] == 1 && gain[2] == 1 && brightness == 0) {
                return crop;
            }
            int w = crop.width();
            int h = crop.height();
            byte[] src = crop.rgb();
            byte[] out = new byte[src.length];
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    int from = (yy * w + (mirror ? w - 1 - xx : xx)) * 3;
                    int to = (yy * w + xx) * 3;
                    for (int ch = 0; ch < 3; ch++) {
                        float v = (src[from + ch] & 0xff) * gain[ch] + brightness;
                        out[to + ch] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
            return new RgbImage(w, h, out);
        }
    }

    /** Parameters of variant {@code variant} (0 = original, 1..variants = augmented) of image {@code image}. */
    public Params params(int image, int variant) {
        if (variant < 0 || variant > variants) {
            throw new IllegalArgumentException("Variant " + variant + " outside 0.." + variants);
        }
        if (variant == 0) {
            return Params.IDENTITY;
        }
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (image + 1L)) ^ (0xC2B2AE3D27D4EB4FL
                * variant));
        boolean mirror = flip && r.nextBoolean();
        double dx = uniform(r, shiftPixels);
        double dy = uniform(r, shiftPixels);
        double sc = 1 + uniform(r, scale);
        double rad = Math.toRadians(uniform(r, rotateDegrees));
        float[] gain = {(float) (1 + uniform(r, colour)), (float) (1 + uniform(r, colour)),
            (float) (1 + uniform(r, colour))};
        float bright = (float) uniform(r, 64 * colour);
        return new Params(mirror, dx, dy, sc, rad, gain, bright);
    }

    private static double uniform(SplittableRandom r, double half) {
        return half == 0 ? 0 : (r.nextDouble() * 2 - 1) * half;
    }
}
