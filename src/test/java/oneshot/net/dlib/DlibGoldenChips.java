package oneshot.net.dlib;

import oneshot.SharedData;
import oneshot.embed.FaceTensor;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The 115 chips of ../shared/golden/dlib-chip/{lfw,bbt} (real dlib's) with face-api.js's descriptors of them. */
record DlibGoldenChips(List<String> paths, List<Path> pngs, float[][] descriptors) {
    static DlibGoldenChips load() throws IOException {
        List<String> paths = new ArrayList<>();
        List<Path> pngs = new ArrayList<>();
        List<float[]> desc = new ArrayList<>();
        for (String set : List.of("lfw", "bbt")) {
            Path dir = SharedData.require("golden/dlib-chip/" + set);
            List<String> lines = Files.readAllLines(dir.resolve("descriptors.csv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f.length != 129) {
                    throw new IOException(dir.resolve("descriptors.csv") + ": row with " + f.length + " fields: " + f[0]);
                }
                float[] v = new float[128];
                for (int i = 0; i < 128; i++) {
                    v[i] = Float.parseFloat(f[i + 1]);
                }
                paths.add(set + "/" + f[0]);
                pngs.add(dir.resolve("chips").resolve(f[0].replaceFirst("\\.[^./]+$", ".png")));
                desc.add(v);
            }
        }
        return new DlibGoldenChips(paths, pngs, desc.toArray(new float[0][]));
    }

    int size() {
        return paths.size();
    }

    RgbImage chip(int i) throws IOException {
        try {
            return new ImageDecoder().decode(pngs.get(i));
        } catch (oneshot.image.ImageDecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Chips {@code [from, from + n)} as the network's input (CHW, pixel / 255). */
    float[] tensors(int from, int n) throws IOException {
        int values = FaceTensor.values(FaceRecognitionNet.INPUT_SIZE);
        float[] chw = new float[n * values];
        for (int i = 0; i < n; i++) {
            FaceTensor.write(chip(from + i), FaceRecognitionNet.INPUT_SIZE, chw, i * values);
        }
        return chw;
    }
}
