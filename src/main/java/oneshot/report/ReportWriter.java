package oneshot.report;

import oneshot.io.AtomicFiles;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import oneshot.eval.EvaluationRun;

/**
 * Writes a run's report folder: {@code report.html} (self-contained), the PNG plots, the CSV tables and {@code summary.json}.
 * Each file is written to a temporary name and renamed, and {@code summary.json} comes last, so a folder with a summary is a
 * complete report.
 */
public final class ReportWriter {
    private ReportWriter() {}

    /** Writes everything, owner-only (the tables name people);  {@code plots=false} skips the charts (and leaves them out of the HTML). */
    public static void write(EvaluationRun run, JsonElement manifest, Path dir, boolean plots) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> csv = CsvTables.all(run);
        for (Map.Entry<String, String> e : csv.entrySet()) {
            AtomicFiles.writePrivate(dir.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        Map<String, byte[]> png = plots ? Plots.all(run) : Map.of();
        for (Map.Entry<String, byte[]> e : png.entrySet()) {
            AtomicFiles.writePrivate(dir.resolve(e.getKey()), e.getValue());
        }
        AtomicFiles.writePrivate(dir.resolve("report.html"), HtmlReport.render(run, png, manifest).getBytes(StandardCharsets.UTF_8));
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(SummaryJson.of(run, manifest)) + "\n";
        AtomicFiles.writePrivate(dir.resolve("summary.json"), json.getBytes(StandardCharsets.UTF_8));
    }
}
