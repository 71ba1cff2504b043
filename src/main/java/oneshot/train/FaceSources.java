package oneshot.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oneshot.align.FaceLandmarks;
import oneshot.data.IdentityFolder;
import oneshot.pipeline.AlignCsv;

/**
 * Where each aligned crop came from: the original image and the 68 landmarks Align found in it ({@code align.csv} of
 * the aligned folder; the original folder is the job's {@code input} in {@code report.json} unless given). With these,
 * any other alignment (the teacher's 150x150 chip, a jittered crop) is made from exactly the same landmarks.
 */
public final class FaceSources {
    private static final int PATH = AlignCsv.HEADER.indexOf("path");
    private static final int LANDMARKS = AlignCsv.HEADER.indexOf("landmarks68");

    private final Path originalRoot;
    private final Path[] originals;
    private final FaceLandmarks[] landmarks;

    private FaceSources(Path originalRoot, Path[] originals, FaceLandmarks[] landmarks) {
        this.originalRoot = originalRoot;
        this.originals = originals;
        this.landmarks = landmarks;
    }

    /**
     * @param aligned      the aligned dataset (holding {@code align.csv})
     * @param originalRoot folder of the original images, or null to take the Align job's input from report.json
     */
    public static FaceSources of(IdentityFolder aligned, Path originalRoot) throws IOException {
        Path csv = aligned.root().resolve("align.csv");
        Map<String, List<String>> rows = AlignCsv.read(csv);
        Path root = originalRoot != null ? originalRoot : inputOf(aligned.root());
        Map<String, List<String>> byStem = new HashMap<>();
        for (List<String> r : rows.values()) {
            byStem.put(stem(r.get(PATH)), r);
        }
        Path[] files = new Path[aligned.size()];
        FaceLandmarks[] lm = new FaceLandmarks[aligned.size()];
        for (int i = 0; i < aligned.size(); i++) {
            String rel = aligned.relativeName(i);
            List<String> r = byStem.get(stem(rel));
            if (r == null) {
                throw new IOException(csv + " has no row for " + rel + ": the aligned folder and its CSV disagree");
            }
            lm[i] = parseLandmarks(r.get(LANDMARKS), csv, r.get(PATH));
            files[i] = root.resolve(r.get(PATH));
        }
        return new FaceSources(root, files, lm);
    }

    /** For tests and other layouts: originals and landmarks given directly, index i = image i of the dataset. */
    public static FaceSources of(Path originalRoot, Path[] originals, FaceLandmarks[] landmarks) {
        if (originals.length != landmarks.length) {
            throw new IllegalArgumentException(originals.length + " originals but " + landmarks.length + " landmark sets");
        }
        return new FaceSources(originalRoot, originals.clone(), landmarks.clone());
    }

    private static Path inputOf(Path alignedRoot) throws IOException {
        Path report = alignedRoot.resolve("report.json");
        if (!Files.isRegularFile(report)) {
            throw new IOException("No " + report + ": the Align job has not finished, so the original images are"
                    + " unknown (give --originals)");
        }
        JsonObject o = JsonParser.parseString(Files.readString(report, StandardCharsets.UTF_8)).getAsJsonObject();
        if (!o.has("input")) {
            throw new IOException(report + " names no input folder (give --originals)");
        }
        return Path.of(o.get("input").getAsString());
    }

    private static String stem(String path) {
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') ? path.substring(0, dot) : path;
    }

    static FaceLandmarks parseLandmarks(String field, Path csv, String image) throws IOException {
        if (field.isEmpty()) {
            throw new IOException(csv + ": " + image + " has no 68 landmarks (aligned without dlib?); the teacher's chip"
                    + " needs them");
        }
        String[] pts = field.split(";");
        if (pts.length != 68) {
            throw new IOException(csv + ": " + image + " has " + pts.length + " landmarks, expected 68");
        }
        int[] x = new int[68];
        int[] y = new int[68];
        for (int i = 0; i < 68; i++) {
            String[] xy = pts[i].trim().split(" ");
            try {
                x[i] = Integer.parseInt(xy[0]);
                y[i] = Integer.parseInt(xy[1]);
            } catch (RuntimeException e) {
                throw new IOException(csv + ": " + image + " landmark " + i + " is '" + pts[i] + "', not 'x y'");
            }
        }
        return new FaceLandmarks(x, y);
    }

    public Path originalRoot() { return originalRoot; }

    public int size() { return originals.length; }

    public Path original(int image) { return originals[image]; }

    public FaceLandmarks landmarks(int image) { return landmarks[image]; }
}
