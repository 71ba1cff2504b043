package oneshot.eval;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The calibrated "unknown" cut-off handed to enrolment and identification: accept a match when
 * {@code distance < threshold}. Taken from the one-shot open-set experiment when identities were evaluated (strangers against a
 * one-image-per-person gallery is exactly the gallery's situation), otherwise from the verification pairs' different-person
 * distances.
 *
 * @param achievedFar the FAR measured at the threshold on the calibration data (<= targetFar)
 * @param acceptRate  DIR (open set) or TAR (verification) at the threshold on the same data
 */
public record Calibration(Distance distance, double threshold, double targetFar, String source, String modelId,
        double achievedFar, double acceptRate) {

    public static final String OPEN_SET = "open-set";
    public static final String VERIFICATION = "verification";

    public static Calibration from(Identification.OpenSet open, double targetFar, Distance d, String modelId) {
        RocCurve.Point p = open.atFar(targetFar);
        return new Calibration(d, p.threshold(), targetFar, OPEN_SET, modelId, p.far(), p.tar());
    }

    public static Calibration from(VerificationResult v, double targetFar, Distance d, String modelId) {
        RocCurve.Point p = v.roc().atFar(targetFar);
        return new Calibration(d, p.threshold(), targetFar, VERIFICATION, modelId, p.far(), p.tar());
    }

    /**
     * Reads the {@code calibration} object of an evaluation's {@code summary.json} (what enrolment and identification load).
     * {@code achievedFar} and {@code acceptRate} are NaN when the file does not carry them.
     */
    public static Calibration read(Path summaryJson) throws IOException {
        if (!Files.isRegularFile(summaryJson)) {
            throw new IOException("Calibration file " + summaryJson + " does not exist (run Evaluate first)");
        }
        JsonObject cal;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(summaryJson));
            if (!root.isJsonObject() || !root.getAsJsonObject().has("calibration")
                    || !root.getAsJsonObject().get("calibration").isJsonObject()) {
                throw new IOException(summaryJson + ": no top-level \"calibration\" object");
            }
            cal = root.getAsJsonObject().getAsJsonObject("calibration");
        } catch (RuntimeException e) {
            throw new IOException(summaryJson + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        try {
            String source = field(cal, "source", summaryJson).getAsString();
            JsonElement rate = cal.has("dir") ? cal.get("dir") : cal.get("tar");
            return new Calibration(Distance.parse(field(cal, "distance", summaryJson).getAsString()),
                    field(cal, "threshold", summaryJson).getAsDouble(), field(cal, "targetFar", summaryJson).getAsDouble(),
                    source, cal.has("modelId") && !cal.get("modelId").isJsonNull() ? cal.get("modelId").getAsString() : "",
                    cal.has("achievedFar") && !cal.get("achievedFar").isJsonNull() ? cal.get("achievedFar").getAsDouble()
                            : Double.NaN,
                    rate != null && !rate.isJsonNull() ? rate.getAsDouble() : Double.NaN);
        } catch (RuntimeException e) {
            throw new IOException(summaryJson + ": bad calibration object: " + e.getMessage(), e);
        }
    }

    private static JsonElement field(JsonObject o, String name, Path file) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IOException(file + ": calibration." + name + " is missing");
        }
        return e;
    }
}
