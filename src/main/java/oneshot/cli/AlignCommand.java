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

    @Option(names = "--output", description = "Output folder for crops, align.csv, report.json (default: data/aligned/lfw for "
            + "dlib-3point crops, data/aligned/lfw-chip150 for dlib-chip-150 chips)")
    Path output;

    @Option(names = "--model", description = "Align as this model reads its input (e.g. dlib-resnet34: 150x150 dlib chips;"
            + " nn4.small2.oneshot: OpenFace's 96x96 crops); instead of --alignment")
    String model;

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
            + "chip, padding 0.25); default: the --model's, else dlib-3point", converter = LandmarkAlignment.class)
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
        if (threads < 1) {
            throw new oneshot.UsageException("--threads must be at least 1, got " + threads);
        }
        EngineThreads.defaultToOne();
        AlignmentKind kind = chosenAlignment();
        Path output = this.output != null ? this.output
                : Path.of(kind == AlignmentKind.DLIB_CHIP_150 ? "data/aligned/lfw-chip150" : "data/aligned/lfw");
        try (FacePipeline pipeline = FacePipeline.load(kind)) {
            System.err.println("alignment: " + pipeline.alignment().label());
            Path in = input != null ? input : SharedData.require("data/lfw");
            // resumable: an earlier Align run's folder is continued; any other non-empty folder is refused
            oneshot.io.OutputGuard.checkFolder(output, "align.csv", false, true, java.util.List.of(in));
            AlignJob job = new AlignJob(pipeline, in, output, threads, retryFailed).choosing(choice);
            AlignJob.RunStats s = job.run();
            System.err.printf("%d images, %d already done, %d processed (%d without a face or unreadable) in %.1f s%n",
                    s.total(), s.skipped(), s.processed(), s.failed(), s.seconds());
            System.err.println("CSV: " + job.csvFile() + "  report: " + job.reportFile());
        }
        return 0;
    }

    /** The model decides its own alignment, so a user never pairs a network with another one's crops. */
    private AlignmentKind chosenAlignment() throws java.io.IOException {
        if (model == null) {
            return alignment != null ? alignment : AlignmentKind.DLIB_3POINT;
        }
        AlignmentKind ofModel;
        try (oneshot.net.FaceModel m = oneshot.net.ModelStore.loadDefault(model)) {
            ofModel = AlignmentKind.fromLabel(m.alignment());
        }
        if (alignment != null && alignment != ofModel) {
            throw new oneshot.UsageException("--alignment " + alignment.label() + " contradicts --model " + model
                    + ", which reads " + ofModel.label() + " crops: give one of the two");
        }
        return ofModel;
    }

    private FaceChoice faceChoice() {
        try {
            return FaceChoice.valueOf(choose.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new oneshot.UsageException("--choose must be largest or central, not '" + choose + "'");
        }
    }
}
