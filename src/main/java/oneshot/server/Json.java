package oneshot.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.javalin.http.Context;
import oneshot.io.JsonErrors;

/** The API's JSON in and out (Gson), UTF-8; nulls are written (a face's "name" is null when unknown), NaN as null. */
final class Json {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {}

    /** Writes {@code body} as the response with this status. */
    static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(GSON.toJson(body));
    }

    static String text(Object body) {
        return GSON.toJson(body);
    }

    /** The request body as a JSON object; 400 naming the problem otherwise. */
    static JsonObject object(String body) {
        JsonElement e;
        try {
            e = JsonParser.parseString(body);
        } catch (JsonParseException ex) {
            throw ApiException.badRequest("The request body is " + JsonErrors.describe(ex));
        }
        if (!e.isJsonObject()) {
            throw ApiException.badRequest("The request body must be a JSON object, like {\"name\": \"penny\"}");
        }
        return e.getAsJsonObject();
    }

    /** A number for JSON: NaN and infinities (no distance) become null. */
    static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
