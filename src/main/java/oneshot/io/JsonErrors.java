package oneshot.io;

import com.google.gson.JsonParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gson parse error in words for a user: "not valid JSON (at line 3 column 7)" instead of Gson's exception class names,
 * strictness advice and troubleshooting links.
 */
public final class JsonErrors {
    private static final Pattern WHERE = Pattern.compile("line (\\d+) column (\\d+)");

    private JsonErrors() {}

    public static String describe(JsonParseException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = WHERE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return "not valid JSON (at line " + m.group(1) + " column " + m.group(2) + ")";
            }
        }
        return "not valid JSON";
    }
}
