package oneshot.align;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import oneshot.data.IdentityFolder;
import oneshot.image.ImageDecoder;
import oneshot.io.AtomicFiles;
import oneshot.train.FaceSources;

/**
 * dlib-resnet34's 150x150 chips for an aligned folder, cut from the original images with the 68 landmarks its
 * {@code align.csv} already holds ({@link FaceSources}, {@link DlibChip#descriptorChip}: what {@code Align --model
 * dlib-resnet34} does after detection), so an LFW chip folder takes a minute instead of re-running the detector.
 * Chips that exist are kept (resumable).
 *
 * <pre>
 * ./oneshot tool oneshot.align.ChipsFromAlignCsv /work/main/data/aligned/lfw data/aligned/lfw-chip150-lm
 * ./oneshot embed --model dlib-resnet34 --input data/aligned/lfw-chip150-lm --out reports/embeddings/lfw-dlib.csv
 * </pre>
 */
public final class ChipsFromAlignCsv {
    private ChipsFromAlignCsv() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ChipsFromAlignCsv ALIGNED_DIR (with align.csv, report.json) OUT_DIR");
            System.exit(2);
        }
        IdentityFolder aligned = IdentityFolder.scan(Path.of(args[0]));
        FaceSources sources = FaceSources.of(aligned, null);
        Path out = Path.of(args[1]);
        ImageDecoder decoder = new ImageDecoder();
        long t0 = System.nanoTime();
        int written = 0;
        for (int i = 0; i < sources.size(); i++) {
            Path target = out.resolve(aligned.relativeName(i).replaceAll("\\.[^./]+$", "") + ".png");
            if (Files.exists(target)) {
                continue;
            }
            Files.createDirectories(target.getParent());
            AlignedFace chip = DlibChip.descriptorChip(decoder.decode(sources.original(i)), sources.landmarks(i));
            Path tmp = AtomicFiles.tempBeside(target);
            try {
                if (!ImageIO.write(chip.crop().toBufferedImage(), "png", tmp.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                AtomicFiles.move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            written++;
        }
        System.out.printf(Locale.ROOT, "%d chips written, %d kept, into %s in %.1f s%n", written, sources.size() - written,
                out, (System.nanoTime() - t0) / 1e9);
    }
}
