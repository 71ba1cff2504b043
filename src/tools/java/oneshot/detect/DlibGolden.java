package oneshot.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of {@code ../shared/golden/dlib-align/<set>/align.tsv}: what real dlib (HOG detector, 68-point predictor) and
 * OpenFace's alignment produced for an image. Used to fit and measure the MTCNN-to-dlib box map and the landmarks.
 */
public record DlibGolden(String path, int faces, int left, int top, int right, int bottom, int[] landmarks,
                         double[] affine, int imageWidth, int imageHeight) {
    private static final int COLUMNS = 155;

    public boolean hasFace() {
        return faces > 0;
    }

    /** Landmark {@code i} (0..67), x. */
    public int x(int i) {
        return landmarks[2 * i];
    }

    public int y(int i) {
        return landmarks[2 * i + 1];
    }

    public static List<DlibGolden> read(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read golden file " + tsv + ": " + e.getMessage(), e);
        }
        List<DlibGolden> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] f = lines.get(n).split("\t", -1);
            if (f.length != COLUMNS) {
                throw new IllegalArgumentException(tsv + " line " + (n + 1) + ": " + f.length + " columns, expected " + COLUMNS);
            }
            int faces = Integer.parseInt(f[1]);
            int[] lm = new int[136];
            double[] h = new double[6];
            int l = 0, t = 0, r = 0, b = 0;
            if (faces > 0) {
                l = Integer.parseInt(f[2]);
                t = Integer.parseInt(f[3]);
                r = Integer.parseInt(f[4]);
                b = Integer.parseInt(f[5]);
                for (int i = 0; i < 136; i++) {
                    lm[i] = Integer.parseInt(f[6 + i]);
                }
                for (int i = 0; i < 6; i++) {
                    h[i] = Double.parseDouble(f[142 + i]);
                }
            }
            rows.add(new DlibGolden(f[0], faces, l, t, r, b, lm, h, Integer.parseInt(f[150]), Integer.parseInt(f[151])));
        }
        return rows;
    }
}
