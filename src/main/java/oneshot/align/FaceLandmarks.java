package oneshot.align;

import java.util.Arrays;

/**
 * Integer landmark positions in image pixels, in the iBUG 68-point order (0-based) for dlib's 68-point model.
 *
 * <p>dlib rounds each part with {@code floor(v + 0.5)}; these are those integers.
 */
public record FaceLandmarks(int[] x, int[] y) {
    public FaceLandmarks {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y counts differ: " + x.length + " vs " + y.length);
        }
        x = x.clone();
        y = y.clone();
    }

    public int size() {
        return x.length;
    }

    public int x(int i) {
        return x[i];
    }

    public int y(int i) {
        return y[i];
    }

    @Override
    public int[] x() {
        return x.clone();
    }

    @Override
    public int[] y() {
        return y.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceLandmarks other && Arrays.equals(x, other.x) && Arrays.equals(y, other.y);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FaceLandmarks[");
        for (int i = 0; i < x.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(x[i]).append(',').append(y[i]);
        }
        return sb.append(']').toString();
    }
}
