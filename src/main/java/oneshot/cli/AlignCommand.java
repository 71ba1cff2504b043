package oneshot.cli;

import java.nio.file.Path;
import oneshot.SharedData;
import java.util.concurrent.Callable;
import oneshot.detect.EngineThreads;
import oneshot.pipeline.AlignJob;
import oneshot.pipeline.AlignmentKind;
import oneshot.pipeline.FaceChoice;
import oneshot.pipeline.FacePipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Aligns a dataset folder to OpenFace 96x96 crops or dlib 150x150 chips; see {@link AlignJob}. */
@Command(name = "Align", mixinStandardHelpOptions = true,
        description = "Detect (MTCNN), landmark (dlib 68) and align every <identity>/<image> to a PNG: OpenFace's 3-point "
                + "96x96 crop (dlib-3point, for nn4.small2) or dlib's 150x150 face chip (dlib-chip-150, for dlib's ResNet); "
                + "writes align.csv and report.json beside the crops; resumable; one alignment per output folder.")
public final class AlignCommand implements Callable<Integer> {
    @Option(names = "--input", description = "Dataset folder <identity>/<image> (default: LFW in the shared data, "
            + "../shared/data/lfw or -Doneshot.shared)")
    Path input;

    @Option(names = "--output", description = "Output folder for crops, align.csv, report.json (default: ${DEFAULT-VALUE})",
            defaultValue = "data/aligned/lfw")
    Path output;

    @Option(names = "--threads", description = "Worker threads, one PyTorch thread each (default: ${DEFAULT-VALUE})",
            defaultValue = "2")
    int threads;

    @Option(names = "--retry-failed", description = "Also redo images listed as failed (no face, unreadable)")
    boolean retryFailed;

    @Option(names = "--choose", description = "Face to align when there are several: largest or central "
            + "(default: ${DEFAULT-VALUE}, OpenFace's rule; central suits centred datasets such as LFW). "
            + "Applies to images processed in this run.", defaultValue = "largest")
    String choose;

    @Option(names = "--alignment", description = "dlib-3point (OpenFace's 96x96 crop) or dlib-chip-150 (dlib's 150x150 "
            + "chip, padding 0.25); default: ${DEFAULT-VALUE}", defaultValue = "dlib-3point",
            converter = LandmarkAlignment.class)
    AlignmentKind alignment;

    /** The alignments a user can ask for (the 5-point fallback is the pipeline's own choice when dlib's model is absent). */
    static final class LandmarkAlignment implements CommandLine.ITypeConverter<AlignmentKind> {
        @Override
        public AlignmentKind convert(String value) {
            AlignmentKind k;
            try {
                k = AlignmentKind.fromLabel(value);
            } catch (IllegalArgumentException e) {
                k = null;
            }
            if (k != AlignmentKind.DLIB_3POINT && k != AlignmentKind.DLIB_CHIP_150) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an alignment to choose: expected "
                        + AlignmentKind.DLIB_3POINT.label() + " or " + AlignmentKind.DLIB_CHIP_150.label());
            }
            return k;
        }
    }

    @Override
    public Integer call() throws Exception {
        FaceChoice choice = faceChoice();
        EngineThreads.defaultToOne();
        try (FacePipeline pipeline = FacePipeline.load(alignment)) {
            System.err.println("alignment: " + pipeline.alignment().label());
            Path in = input != null ? input : SharedData.require("data/lfw");
            AlignJob job = new AlignJob(pipeline, in, output, threads, retryFailed).choosing(choice);
            AlignJob.RunStats s = job.run();
            System.err.printf("%d images, %d already done, %d processed (%d without a face or unreadable) in %.1f s%n",
                    s.total(), s.skipped(), s.processed(), s.failed(), s.seconds());
            System.err.println("CSV: " + job.csvFile() + "  report: " + job.reportFile());
        }
        return 0;
    }

    private FaceChoice faceChoice() {
        try {
            return FaceChoice.valueOf(choose.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--choose must be largest or central, not '" + choose + "'");
        }
    }
}
