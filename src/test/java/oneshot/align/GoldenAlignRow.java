package oneshot.align;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One row of ../shared/golden/dlib-align/{lfw,bbt}/align.tsv (format in that folder's README). */
record GoldenAlignRow(String path, int faces, FaceBox box, int[] lx, int[] ly, double[] h, long rgbCrc32) {

    static List<GoldenAlignRow> read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        List<GoldenAlignRow> rows = new ArrayList<>();
        String[] header = lines.get(0).split("\t", -1);
        if (header.length != 155 || !header[154].equals("rgb_crc32")) {
            throw new IOException(tsv + ": unexpected header with " + header.length + " columns");
        }
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            if (f.length != 155) throw new IOException(tsv + ": row with " + f.length + " columns: " + f[0]);
            int n = Integer.parseInt(f[1]);
            long crc = Long.parseLong(f[154], 16);
            if (n == 0) {
                rows.add(new GoldenAlignRow(f[0], 0, null, null, null, null, crc));
                continue;
            }
            FaceBox box = new FaceBox(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]));
            int[] x = new int[68], y = new int[68];
            for (int i = 0; i < 68; i++) {
                x[i] = Integer.parseInt(f[6 + 2 * i]);
                y[i] = Integer.parseInt(f[7 + 2 * i]);
            }
            double[] h = new double[6];
            for (int i = 0; i < 6; i++) h[i] = Double.parseDouble(f[142 + i]);
            rows.add(new GoldenAlignRow(f[0], n, box, x, y, h, crc));
        }
        return rows;
    }
}
