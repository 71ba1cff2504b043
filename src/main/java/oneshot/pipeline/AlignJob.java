package oneshot.pipeline;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import oneshot.detect.DetectedFace;
import oneshot.embed.ImageFiles;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.io.AtomicFiles;
import oneshot.io.Progress;

/**
 * A dataset folder ({@code <identity>/<image>}) to aligned PNG crops with the same layout (96x96 OpenFace crops or
 * 150x150 dlib chips, per the pipeline's {@link AlignmentKind}), plus {@code align.csv}
 * (one row per image: faces found, the chosen face, boxes, landmarks, alignment, failure reason) and {@code report.json}
 * (counts over all rows). Several faces: the largest (or per {@link FaceChoice}) is aligned and all are listed. No face:
 * listed, not fatal.
 *
 * <p>Resumable: an image is skipped when its CSV row exists and, if it had a face, its PNG too (with
 * {@code retryFailed}, failed rows are redone too; the newest row of an image wins). PNGs are written to a
 * temp file and renamed; the row is appended only after the PNG is in place.
 *
 * <p>One folder, one alignment: a run whose pipeline makes another kind than the crops already listed is refused
 * before anything is written, since a network must never be fed a mixture.
 */
public final class AlignJob {
    private final FacePipeline pipeline;
    private final Path input;
    private final Path output;
    private final int threads;
    private final boolean retryFailed;
    private FaceChoice choice = FaceChoice.LARGEST;
    private final ImageDecoder decoder = new ImageDecoder();

    /** Counts of one run. */
    public record RunStats(int total, int skipped, int processed, int failed, double seconds) {}

    public AlignJob(FacePipeline pipeline, Path input, Path output, int threads) {
        this(pipeline, input, output, threads, false);
    }

    /** @param retryFailed also redo images whose row records a failure (no face, unreadable), e.g. after an upgrade */
    public AlignJob(FacePipeline pipeline, Path input, Path output, int threads, boolean retryFailed) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.pipeline = pipeline;
        this.input = input.toAbsolutePath().normalize();
        this.output = output.toAbsolutePath().normalize();
        this.threads = threads;
        this.retryFailed = retryFailed;
    }

    /** Which face to align when there are several (default {@link FaceChoice#LARGEST}, OpenFace's rule). */
    public AlignJob choosing(FaceChoice c) {
        this.choice = c;
        return this;
    }

    public Path csvFile() {
        return output.resolve("align.csv");
    }

    public Path reportFile() {
        return output.resolve("report.json");
    }

    /** The crop's path for an input image's relative path: same folders, extension {@code .png}. */
    public Path cropFile(String relative) {
        return output.resolve(relative.replaceAll("\\.[^./]+$", "") + ".png");
    }

    public RunStats run() throws IOException, InterruptedException {
        if (!Files.isDirectory(input)) {
            throw new IOException("input " + input + " is not a folder");
        }
        if (output.startsWith(input)) {
            throw new IOException("output " + output + " lies inside input " + input + ": its crops would be re-read");
        }
        List<Path> files = ImageFiles.list(input);
        if (files.isEmpty()) {
            throw new IOException("no images under " + input);
        }
        long start = System.nanoTime();
        deleteStaleTempFiles();
        try (AlignCsv csv = AlignCsv.open(csvFile())) {
            refuseOtherAlignments(csv);
            List<Path> todo = new ArrayList<>();
            for (Path f : files) {
                if (!finished(csv, ImageFiles.relative(input, f))) {
                    todo.add(f);
                }
            }
            int skipped = files.size() - todo.size();
            if (skipped > 0) {
                System.err.printf("resuming: %d of %d images already aligned%n", skipped, files.size());
            }
            Progress progress = new Progress("align", todo.size());
            AtomicInteger failed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Path f : todo) {
                    futures.add(pool.submit(() -> {
                        List<String> row = alignOne(f);
                        if (!row.get(row.size() - 1).isEmpty()) {
                            failed.incrementAndGet();
                        }
                        csv.append(row);
                        progress.step(1);
                        return null;
                    }));
                }
                for (Future<?> fu : futures) {
                    try {
                        fu.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IOException("align job failed: " + e.getCause().getMessage(), e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
                if (!todo.isEmpty()) {
                    progress.finish();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            RunStats stats = new RunStats(files.size(), skipped, todo.size(), failed.get(), seconds);
            writeReport(csv.rows(), stats);
            return stats;
        }
    }

    private void refuseOtherAlignments(AlignCsv csv) throws IOException {
        String ours = pipeline.alignment().label();
        int column = AlignCsv.HEADER.indexOf("alignment");
        Map<String, Integer> others = new TreeMap<>();
        for (List<String> r : csv.rows()) {
            String kind = r.get(column);
            if (!kind.isEmpty() && !kind.equals(ours)) {
                others.merge(kind, 1, Integer::sum);
            }
        }
        if (!others.isEmpty()) {
            throw new IOException(output + " already holds crops of another alignment (" + others.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + " in " + csvFile()
                    + "); this run makes " + ours + " crops and one folder never mixes alignments: choose another "
                    + "--output, or move that folder away");
        }
    }

    /** Temp PNGs ({@code .<name>.<random>.tmp}) left by an interrupted run. */
    private void deleteStaleTempFiles() throws IOException {
        if (!Files.isDirectory(output)) {
            return;
        }
        try (var files = Files.walk(output)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private boolean finished(AlignCsv csv, String relative) {
        List<String> row = csv.row(relative);
        if (row == null) {
            return false;
        }
        boolean hasCrop = !row.get(2).isEmpty();
        if (!hasCrop) {
            return !retryFailed;
        }
        return Files.isRegularFile(cropFile(relative));
    }

    /** Aligns one image and returns its CSV row; every failure becomes a row, never an exception. */
    List<String> alignOne(Path file) throws IOException {
        String rel = ImageFiles.relative(input, file);
        RgbImage img;
        try {
            img = decoder.decode(file);
        } catch (ImageDecodeException e) {
            return failureRow(rel, "unreadable image: " + e.getMessage());
        }
        List<PipelineFace> faces;
        try {
            faces = pipeline.process(img);
        } catch (RuntimeException e) {
            return failureRow(rel, "pipeline error: " + e);
        }
        if (faces.isEmpty()) {
            return failureRow(rel, "no face");
        }
        int chosen = choice.choose(faces, img.width(), img.height());
        PipelineFace f = faces.get(chosen);
        writePng(cropFile(rel), f.aligned());
        return row(rel, faces, chosen);
    }

    private static void writePng(Path target, RgbImage crop) throws IOException {
        Path tmp = AtomicFiles.tempBeside(target);
        try {
            if (!ImageIO.write(crop.toBufferedImage(), "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            AtomicFiles.makeWorldReadable(tmp);
            AtomicFiles.move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static List<String> failureRow(String rel, String reason) {
        List<String> r = new ArrayList<>();
        r.add(rel);
        r.add("0");
        while (r.size() < AlignCsv.HEADER.size() - 1) {
            r.add("");
        }
        r.add(reason);
        return r;
    }

    private static List<String> row(String rel, List<PipelineFace> faces, int chosen) {
        PipelineFace f = faces.get(chosen);
        DetectedFace d = f.detection();
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            pts.append(i > 0 ? ";" : "").append(num(d.pointX(i))).append(' ').append(num(d.pointY(i)));
        }
        StringBuilder lm = new StringBuilder();
        if (f.hasLandmarks()) {
            for (int i = 0; i < f.landmarks().size(); i++) {
                lm.append(i > 0 ? ";" : "").append(f.landmarks().x(i)).append(' ').append(f.landmarks().y(i));
            }
        }
        StringBuilder all = new StringBuilder();
        for (PipelineFace o : faces) {
            DetectedFace od = o.detection();
            all.append(all.length() > 0 ? ";" : "").append(num(od.left())).append(' ').append(num(od.top())).append(' ')
                    .append(num(od.right())).append(' ').append(num(od.bottom())).append(' ')
                    .append(String.format(Locale.ROOT, "%.4f", od.score()));
        }
        return List.of(rel, Integer.toString(faces.size()), Integer.toString(chosen),
                String.format(Locale.ROOT, "%.4f", d.score()), num(d.left()), num(d.top()), num(d.right()), num(d.bottom()),
                Long.toString(f.dlibBox().left()), Long.toString(f.dlibBox().top()), Long.toString(f.dlibBox().right()),
                Long.toString(f.dlibBox().bottom()), pts.toString(), lm.toString(), f.alignment().label(), all.toString(), "");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private void writeReport(List<List<String>> rows, RunStats stats) throws IOException {
        int withFace = 0, noFace = 0, several = 0, unreadable = 0, errors = 0;
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (List<String> r : rows) {
            String failure = r.get(r.size() - 1);
            if (failure.isEmpty()) {
                withFace++;
                if (Integer.parseInt(r.get(1)) > 1) {
                    several++;
                }
                kinds.merge(r.get(14), 1, Integer::sum);
            } else if (failure.equals("no face")) {
                noFace++;
            } else if (failure.startsWith("unreadable")) {
                unreadable++;
            } else {
                errors++;
            }
        }
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("input", input.toString());
        rep.put("output", output.toString());
        rep.put("images", rows.size());
        rep.put("with_face", withFace);
        rep.put("no_face", noFace);
        rep.put("several_faces", several);
        rep.put("unreadable", unreadable);
        rep.put("errors", errors);
        rep.put("alignment", kinds);
        rep.put("face_choice", choice.name().toLowerCase(Locale.ROOT));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("images_in_input", stats.total());
        run.put("skipped_already_done", stats.skipped());
        run.put("processed", stats.processed());
        run.put("threads", threads);
        run.put("seconds", Math.round(stats.seconds() * 10) / 10.0);
        run.put("images_per_second", stats.processed() == 0 ? 0 : Math.round(stats.processed() / stats.seconds() * 100) / 100.0);
        rep.put("last_run", run);
        AtomicFiles.writeString(reportFile(), new GsonBuilder().setPrettyPrinting().create().toJson(rep) + "\n");
    }
}
