package oneshot.cli;

import oneshot.embed.EmbeddingTable;
import oneshot.embed.FaceEmbedder;
import oneshot.embed.ImageFiles;
import oneshot.embed.PartialEmbeddings;
import oneshot.image.ImageDecodeException;
import oneshot.image.ImageDecoder;
import oneshot.image.RgbImage;
import oneshot.io.OutputGuard;
import oneshot.io.Progress;
import oneshot.net.FaceModel;
import oneshot.net.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Aligned face crops (a file or an {@code <identity>/<image>} tree) to an embedding table: CSV for people and a binary
 * {@code .emb} for fast loading. Rows are appended to {@code <out>.partial} as batches finish, so an interrupted run
 * resumes where it stopped.
 */
@Command(name = "Embed", mixinStandardHelpOptions = true,
        description = "Embed aligned face crops (96x96 for nn4.small2, 150x150 dlib chips for dlib-resnet34) into 128-d"
                + " vectors (CSV path,label,e0..e127 + binary .emb).")
public final class EmbedCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "An image file or a folder tree <identity>/<image> of aligned crops")
    Path input;

    @Option(names = "--model", description = "Model params file or name in weights/, e.g. dlib-resnet34 (imported from"
            + " ../shared on first use); default: the best nn4.small2 model found, see README")
    String model;

    @Option(names = "--out", description = "Output CSV (default reports/embeddings/<input folder name>.csv); the .emb binary goes beside it")
    Path out;

    @Option(names = "--force", description = "Replace the CSV and .emb of an earlier run (never any other file)")
    boolean force;

    @Option(names = "--batch", defaultValue = "32", description = "Faces per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new oneshot.UsageException("--batch must be at least 1, got " + batch);
        }
        Path root = input.toAbsolutePath().normalize();
        Path csv = out != null ? out : Path.of("reports", "embeddings", root.getFileName() + ".csv");
        Path bin = Path.of(csv.toString().replaceFirst("\\.csv$", "") + ".emb");
        // resuming an interrupted run replaces that run's own tables without --force
        boolean replace = force || Files.exists(Path.of(csv + ".partial"));
        OutputGuard.checkFile(csv, EmbeddingTable.CSV_KIND, replace, List.of(root));
        OutputGuard.checkFile(bin, EmbeddingTable.BINARY_KIND, replace, List.of(root));
        List<Path> files = ImageFiles.list(root);
        if (files.isEmpty()) {
            throw new IOException("no images under " + root);
        }
        try (FaceModel m = ModelStore.loadDefault(model).forInference()) {
            m.warnIfUntrained("Embeddings are computed, but recognition");
            refuseOtherAlignment(root, m);
            PartialEmbeddings partial = PartialEmbeddings.open(Path.of(csv + ".partial"), m.modelId());
            List<Path> todo = new ArrayList<>();
            for (Path f : files) {
                if (!partial.contains(ImageFiles.relative(root, f))) {
                    todo.add(f);
                }
            }
            if (todo.size() < files.size()) {
                System.err.printf("resuming: %d of %d images already embedded%n", files.size() - todo.size(), files.size());
            }
            FaceEmbedder embedder = new FaceEmbedder(m, batch);
            Progress progress = new Progress("embed", todo.size());
            List<String> failed = new ArrayList<>();
            for (int start = 0; start < todo.size(); start += batch) {
                List<Path> chunk = todo.subList(start, Math.min(todo.size(), start + batch));
                List<RgbImage> faces = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (Path f : chunk) {
                    String rel = ImageFiles.relative(root, f);
                    try {
                        RgbImage face = decode(f);
                        if (refusesOtherSizes(m) && (face.width() != m.inputSize() || face.height() != m.inputSize())) {
                            failed.add(rel + ": is " + face.width() + "x" + face.height() + ", " + m.network().architecture()
                                    + " reads " + m.alignment() + " crops of " + m.inputSize() + "x" + m.inputSize());
                            continue;
                        }
                        faces.add(face);
                        names.add(rel);
                    } catch (IOException e) {
                        failed.add(rel + ": " + oneshot.io.InputFiles.withoutPath(String.valueOf(e.getMessage()), f));
                    }
                }
                float[][] v = embedder.embed(faces);
                for (int i = 0; i < v.length; i++) {
                    partial.append(names.get(i), ImageFiles.label(names.get(i)), v[i]);
                }
                partial.flush();
                progress.step(chunk.size());
            }
            progress.finish();
            partial.close();
            EmbeddingTable table = partial.toTable(files.stream().map(f -> ImageFiles.relative(root, f)).toList());
            table.writeCsv(csv);
            table.writeBinary(bin);
            Files.deleteIfExists(Path.of(csv + ".partial"));
            System.out.printf("wrote %d embeddings (model %s) to %s and %s%n", table.size(), m.modelId(), csv, bin);
            if (embedder.resizedCount() > 0) {
                System.out.printf("%d inputs were not %dx%d, so not aligned: they got the %s stand-in (the central 110/250"
                        + " square, resized); align them first for faithful embeddings%n", embedder.resizedCount(),
                        m.inputSize(), m.inputSize(), oneshot.embed.UnalignedFace.RULE);
            }
            if (!failed.isEmpty()) {
                System.out.printf("%d images could not be read (listed, not embedded):%n", failed.size());
                failed.forEach(f -> System.out.println("  " + f));
            }
            return 0;
        }
    }

    /** An Align folder says which alignment made its crops: a network is never fed another one's. */
    static void refuseOtherAlignment(Path root, FaceModel m) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        for (String label : oneshot.pipeline.AlignCsv.alignmentsIn(root)) {
            oneshot.pipeline.AlignmentKind kind = oneshot.pipeline.AlignmentKind.fromLabel(label);
            if (kind.size() != m.inputSize()) {
                throw new oneshot.UsageException(root + " holds " + label + " crops (its align.csv), but model "
                        + m.modelId() + " reads " + m.alignment() + " crops of " + m.inputSize() + "x" + m.inputSize()
                        + ": align for this model with Align --model " + m.manifest().name + ", or pick the model"
                        + " those crops were made for");
            }
        }
    }

    /**
     * dlib's ResNet is refused other sizes: a stand-in crop of another alignment gives vectors that look valid and
     * mean little. nn4.small2 keeps its documented behaviour (UnalignedFace's stand-in, with a warning and a count).
     */
    static boolean refusesOtherSizes(FaceModel m) {
        return !m.network().architecture().equals(oneshot.net.Nn4Small2.ARCHITECTURE);
    }

    private static final ImageDecoder DECODER = new ImageDecoder();

    static RgbImage decode(Path f) throws IOException {
        try {
            return DECODER.decode(f);
        } catch (ImageDecodeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
