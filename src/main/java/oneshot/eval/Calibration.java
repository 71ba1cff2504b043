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
     * Reads the {@code calibration} object of an evaluation's {@code summary.json}: the one reader, for Evaluate's own
     * tests and for the gallery's {@code Threshold}. {@code source} may be absent (empty); {@code achievedFar} and
     * {@code acceptRate} are NaN when the file does not carry them. Every problem names the file and the field.
     */
    public static Calibration read(Path summaryJson) throws IOException {
        String why = oneshot.io.InputFiles.whyNotAFile(summaryJson);
        if (why != null) {
            throw new IOException(summaryJson + ": it " + why + " (run Evaluate first)");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(summaryJson));
        } catch (com.google.gson.JsonParseException e) {
            throw new IOException(summaryJson + ": it is " + oneshot.io.JsonErrors.describe(e), e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(summaryJson + ": it is not valid JSON (not UTF-8 text)", e);
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("calibration")
                || !root.getAsJsonObject().get("calibration").isJsonObject()) {
            throw new IOException(summaryJson + ": no top-level \"calibration\" object (is it an evaluation report's"
                    + " summary.json?)");
        }
        JsonObject cal = root.getAsJsonObject().getAsJsonObject("calibration");
        Distance distance;
        try {
            distance = Distance.parse(string(cal, "distance", summaryJson));
        } catch (IllegalArgumentException e) {
            throw new IOException(summaryJson + ": calibration." + e.getMessage(), e);
        }
        double threshold = number(cal, "threshold", summaryJson);
        if (!(threshold > 0 && threshold <= distance.maxForUnitVectors())) {
            throw new IOException(summaryJson + ": calibration.threshold " + threshold + " is outside (0, "
                    + java.math.BigDecimal.valueOf(distance.maxForUnitVectors()).stripTrailingZeros().toPlainString()
                    + "], the range of " + distance.id() + " on unit vectors");
        }
        double targetFar = number(cal, "targetFar", summaryJson);
        String modelId = string(cal, "modelId", summaryJson);
        String source = cal.has("source") && cal.get("source").isJsonPrimitive() ? cal.get("source").getAsString() : "";
        JsonElement rate = cal.has("dir") ? cal.get("dir") : cal.get("tar");
        return new Calibration(distance, threshold, targetFar, source, modelId, optional(cal.get("achievedFar")),
                optional(rate));
    }

    private static double optional(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.NaN;
    }

    private static String string(JsonObject o, String name, Path file) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IOException(file + ": calibration." + name + " is missing");
        }
        return e.getAsString();
    }

    private static double number(JsonObject o, String name, Path file) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !Double.isFinite(e.getAsDouble())) {
            throw new IOException(file + ": calibration." + name + " is missing or not a finite number");
        }
        return e.getAsDouble();
    }
}
