package oneshot.gallery;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A distance threshold calibrated by an evaluation run, read from its report's {@code summary.json}.
 *
 * <p>Contract with the evaluation report: a top-level object
 * {@code "calibration": {"distance": "squared_l2", "threshold": 0.99, "targetFar": 0.001, "source": "...", "modelId": "..."}},
 * and a top-level {@code "decisionRule"} sentence; the rule is {@code distance < threshold} unless that sentence says
 * {@code <=} ({@link #inclusive}).
 */
public record Calibration(String distance, double threshold, double targetFar, String source, String modelId,
        boolean inclusive) {
    public static final String SQUARED_L2 = "squared_l2";

    /** Reads and checks the calibration block; every problem names the file and the field. */
    public static Calibration read(Path summaryJson) {
        String why = oneshot.io.InputFiles.whyNotAFile(summaryJson);
        if (why != null) {
            throw new GalleryException("Cannot read calibration report " + summaryJson + ": it " + why);
        }
        JsonObject root;
        try (Reader in = Files.newBufferedReader(summaryJson)) {
            JsonElement parsed = JsonParser.parseReader(in);
            if (!parsed.isJsonObject()) {
                throw bad(summaryJson, "the top level is not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (IOException e) {
            throw new GalleryException("Cannot read calibration report " + summaryJson + ": "
                    + oneshot.io.InputFiles.reason(e, summaryJson), e);
        } catch (JsonParseException e) {
            throw bad(summaryJson, "it is " + oneshot.io.JsonErrors.describe(e));
        }
        if (!root.has("calibration") || !root.get("calibration").isJsonObject()) {
            throw bad(summaryJson, "it has no \"calibration\" object (is it an evaluation report's summary.json?)");
        }
        JsonObject c = root.getAsJsonObject("calibration");
        String distance = string(summaryJson, c, "distance");
        if (!SQUARED_L2.equals(distance)) {
            throw bad(summaryJson, "calibration.distance is '" + distance + "'; the gallery compares with '" + SQUARED_L2 + "'");
        }
        double threshold = number(summaryJson, c, "threshold");
        if (!(threshold > 0 && threshold <= 4)) {
            throw bad(summaryJson, "calibration.threshold " + threshold + " is outside (0, 4], the range of squared L2 on unit"
                    + " vectors");
        }
        double far = number(summaryJson, c, "targetFar");
        String source = c.has("source") && !c.get("source").isJsonNull() ? c.get("source").getAsString() : "";
        boolean inclusive = root.has("decisionRule") && root.get("decisionRule").isJsonPrimitive()
                && root.get("decisionRule").getAsString().contains("<=");
        return new Calibration(distance, threshold, far, source, string(summaryJson, c, "modelId"), inclusive);
    }

    private static String string(Path file, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) {
            throw bad(file, "calibration." + key + " is missing");
        }
        return e.getAsString();
    }

    private static double number(Path file, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw bad(file, "calibration." + key + " is missing or not a number");
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw bad(file, "calibration." + key + " is not finite");
        }
        return v;
    }

    private static GalleryException bad(Path file, String why) {
        return new GalleryException("Calibration report " + file + " cannot be used: " + why);
    }
}
