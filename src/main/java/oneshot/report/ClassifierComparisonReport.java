package oneshot.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import oneshot.gallery.ClassifierComparison;
import oneshot.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Adds the classifier-vs-distance comparison to a written evaluation report: a CSV, a {@code classifierComparison}
 * object in summary.json and a table in report.html.
 */
public final class ClassifierComparisonReport {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ClassifierComparisonReport() {}

    public static void addTo(Path dir, ClassifierComparison.Result r) throws IOException {
        StringBuilder csv = new StringBuilder("method,rank1,dir_at_far,target_far,far_seen,threshold,threshold_unit\n");
        JsonArray methods = new JsonArray();
        StringBuilder rows = new StringBuilder();
        for (ClassifierComparison.MethodResult m : r.methods()) {
            csv.append(String.format(Locale.ROOT, "\"%s\",%.6f,%.6f,%.6g,%.6f,%.6f,%s%n", m.method(), m.rank1(),
                    m.dirAtFar(), m.targetFar(), m.actualFar(), m.threshold(), m.thresholdUnit()));
            JsonObject o = new JsonObject();
            o.addProperty("method", m.method());
            o.addProperty("rank1", m.rank1());
            o.addProperty("dirAtFar", m.dirAtFar());
            o.addProperty("targetFar", m.targetFar());
            o.addProperty("farSeen", m.actualFar());
            o.addProperty("threshold", m.threshold());
            o.addProperty("thresholdUnit", m.thresholdUnit());
            methods.add(o);
            rows.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f %s</td>"
                    + "</tr>", m.method(), m.rank1(), m.dirAtFar(), m.actualFar(), m.threshold(), m.thresholdUnit()));
        }
        AtomicFiles.writePrivate(dir.resolve("classifier-comparison.csv"), (csv.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        JsonObject section = new JsonObject();
        section.addProperty("protocol", r.protocol().name());
        section.addProperty("enrolledIdentities", r.enrolledIdentities());
        section.addProperty("enrolmentVectors", r.enrolmentVectors());
        section.addProperty("knownProbes", r.knownProbes());
        section.addProperty("unknownProbes", r.unknownProbes());
        section.add("methods", methods);
        Path summary = dir.resolve("summary.json");
        JsonObject root = JsonParser.parseString(Files.readString(summary, StandardCharsets.UTF_8)).getAsJsonObject();
        root.add("classifierComparison", section);
        AtomicFiles.writePrivate(summary, (GSON.toJson(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        Path html = dir.resolve("report.html");
        if (Files.isRegularFile(html)) {
            String page = Files.readString(html, StandardCharsets.UTF_8);
            String table = String.format(Locale.ROOT, "<h2>Classifier vs distance (people with several images)</h2>"
                    + "<p>%d people enrolled from %d vectors (all but each one's last; the one-image method from each"
                    + " one's first); %d known probes (each one's last vector) and %d unknown probes (%s). DIR at FAR %s"
                    + " on the unknown probes.</p><table><tr><th>method</th><th>rank-1</th><th>DIR</th><th>FAR seen</th>"
                    + "<th>threshold</th></tr>%s</table>\n", r.enrolledIdentities(), r.enrolmentVectors(), r.knownProbes(),
                    r.unknownProbes(), r.protocol().description(), r.methods().get(0).targetFar(), rows);
            int end = page.lastIndexOf("</body>");
            page = end < 0 ? page + table : page.substring(0, end) + table + page.substring(end);
            AtomicFiles.writePrivate(html, (page).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
