package oneshot.server;

import java.util.Map;

/**
 * A refusal the API answers with: HTTP status, one of the contract's error codes ({@code docs/api.md}) and a message
 * that names the problem. Thrown by handlers; {@link ErrorResponses} turns it (and every other exception) into the
 * {@code {"error": {"code", "message"}}} body.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false); // a refusal, not a crash: no stack trace is ever needed
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Extra response headers (Retry-After on 503). */
    public Map<String, String> headers() {
        return headers;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    static ApiException tooLarge(String message) {
        return new ApiException(413, "too_large", message);
    }

    /** 413 for a body left unread: the server drops the connection after the answer, and says so. */
    static ApiException tooLargeUnreadBody(String message) {
        return new ApiException(413, "too_large", message, Map.of("Connection", "close"));
    }
}
