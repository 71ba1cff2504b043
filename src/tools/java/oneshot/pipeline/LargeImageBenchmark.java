package oneshot.pipeline;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import oneshot.SharedData;
import oneshot.detect.EngineThreads;
import oneshot.embed.EmbedBenchmark;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;

/**
 * Time and peak memory of one image through decoding and the face pipeline (detection, landmarks, crops) against its
 * size. Each size runs in a fresh JVM (peak RSS only grows), with the JVM's default heap, as the commands run.
 *
 * <p>{@code mvn -q compile exec:exec -Dexec.executable=java -Dexec.args="-cp %classpath oneshot.pipeline.LargeImageBenchmark [MP ...]"}
 * (default 1 12 24 50 100). Test images: bbt scene 1 upscaled (bilinear) to each size, saved as JPEG (quality 0.9).
 * {@code -Doneshot.detect.maxSide=N} is passed on to the children (e.g. 100000 to measure unbounded detection).
 */
public final class LargeImageBenchmark {
    private LargeImageBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            child(Path.of(args[1]));
            return;
        }
        double[] mps = args.length == 0 ? new double[] {1, 12, 24, 50, 100} : parse(args);
        System.out.printf(Locale.ROOT, "2048x2048 float32 matmul: %.1f GFLOP/s; load average %s%n",
                EmbedBenchmark.matmulGflops(2), loadAverage());
        System.out.println("| megapixels | size | file MB | faces | decode s | pipeline s | peak RSS MB | RSS after model load MB |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        Path dir = Files.createTempDirectory("oneshot-large");
        try {
            BufferedImage scene = ImageIO.read(SharedData.require("data/bbt-scenes/bbt1.jpg").toFile());
            for (double mp : mps) {
                Path file = dir.resolve(String.format(Locale.ROOT, "scene-%.0fmp.jpg", mp));
                int w = (int) Math.round(Math.sqrt(mp * 1e6 * scene.getWidth() / scene.getHeight()));
                int h = (int) Math.floor(mp * 1e6 / w); // at most mp megapixels: 100 is the decoder's default limit
                writeUpscaled(scene, w, h, file);
                String result = runChild(file);
                System.out.printf(Locale.ROOT, "| %.0f | %dx%d | %.1f | %s |%n", mp, w, h, Files.size(file) / 1e6, result);
                Files.delete(file);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static double[] parse(String[] args) {
        double[] v = new double[args.length];
        for (int i = 0; i < args.length; i++) {
            v[i] = Double.parseDouble(args[i]);
        }
        return v;
    }

    private static void writeUpscaled(BufferedImage src, int w, int h, Path file) throws IOException {
        BufferedImage big = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        var param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (var out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(big, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static String runChild(Path file) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        for (String p : List.of("oneshot.shared", "oneshot.detect.maxSide", "oneshot.image.maxPixels")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of(LargeImageBenchmark.class.getName(), "--child", file.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                last = line;
            }
        }
        int code = p.waitFor();
        return code == 0 && last != null ? last : "failed (exit " + code + ") | | | | ";
    }

    private static void child(Path file) throws Exception {
        EngineThreads.defaultToOne();
        try (FacePipeline pipeline = FacePipeline.load()) {
            pipeline.process(new RgbImage(64, 64, new byte[64 * 64 * 3])); // engine warm-up
            long loaded = rssKb("VmRSS");
            long t0 = System.nanoTime();
            RgbImage img = new ImageDecoder().decode(file);
            long t1 = System.nanoTime();
            int faces = pipeline.process(img).size();
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%d | %.1f | %.1f | %d | %d%n", faces, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    rssKb("VmHWM") / 1024, loaded / 1024);
        }
    }

    private static long rssKb(String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(field + ":")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String loadAverage() {
        return oneshot.embed.EmbedBenchmark.loadAverage();
    }
}
