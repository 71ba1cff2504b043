package oneshot.server;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A small client of the OneShot API (java.net.http): JSON, raw image and multipart requests with an API key; used by
 * {@link ServerLoadBenchmark} and the tests.
 */
public final class ApiClient {
    /** A response: status, body text, and the body as JSON when it is JSON. */
    public record Answer(int status, String body, HttpResponse<String> raw) {
        public JsonElement json() {
            return JsonParser.parseString(body);
        }

        public JsonObject object() {
            return json().getAsJsonObject();
        }

        /** The error code of an error body. */
        public String errorCode() {
            return object().getAsJsonObject("error").get("code").getAsString();
        }

        public String errorMessage() {
            return object().getAsJsonObject("error").get("message").getAsString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;

    public ApiClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public ApiClient as(String otherKey) {
        return new ApiClient(base, otherKey);
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    public Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    public Answer postJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer postBytes(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** multipart/form-data: byte[] values become file parts, anything else a text field. */
    public Answer postMultipart(String path, Map<String, Object> parts) throws IOException, InterruptedException {
        String boundary = "----oneshot" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> p : parts.entrySet()) {
            out.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (p.getValue() instanceof byte[] b) {
                out.write(("Content-Disposition: form-data; name=\"" + p.getKey() + "\"; filename=\"" + p.getKey()
                        + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(b);
            } else {
                out.write(("Content-Disposition: form-data; name=\"" + p.getKey() + "\"\r\n\r\n" + p.getValue())
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    public static Map<String, Object> parts(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        return key == null ? b : b.header("X-Api-Key", key);
    }

    private Answer send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r);
    }
}
