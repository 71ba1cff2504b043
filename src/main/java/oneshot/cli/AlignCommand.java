package oneshot.cli;

import java.nio.file.Path;
import oneshot.SharedData;
import java.util.concurrent.Callable;
import oneshot.detect.EngineThreads;
import oneshot.pipeline.AlignJob;
import oneshot.pipeline.FaceChoice;
import oneshot.pipeline.FacePipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Aligns a dataset folder to OpenFace 96x96 crops; see {@link AlignJob}. */
@Command(name = "Align", mixinStandardHelpOptions = true,
        description = "Detect (MTCNN), landmark (dlib 68) and align (OpenFace 3-point) every <identity>/<image> to a 96x96 PNG; "
                + "writes align.csv and report.json beside the crops; resumable.")
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

    @Override
    public Integer call() throws Exception {
        FaceChoice choice = faceChoice();
        if (threads < 1) {
            throw new oneshot.UsageException("--threads must be at least 1, got " + threads);
        }
        EngineThreads.defaultToOne();
        try (FacePipeline pipeline = FacePipeline.load()) {
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

    private FaceChoice faceChoice() {
        try {
            return FaceChoice.valueOf(choose.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new oneshot.UsageException("--choose must be largest or central, not '" + choose + "'");
        }
    }
}
