package oneshot.server;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import oneshot.OneShotException;
import oneshot.OneShotException.GalleryConflictException;
import oneshot.OneShotException.ImageException;
import oneshot.OneShotException.NoFaceException;
import oneshot.OneShotException.NotEnrolledException;
import oneshot.OneShotException.SeveralFacesException;
import oneshot.UsageException;
import oneshot.image.ImageTooLargeException;

/**
 * Every failure as the contract's JSON body {@code {"error": {"code", "message"}}} with its status; never a stack trace.
 * Refusals of the facade keep their message (it names the input and what to do); an unexpected error is logged here
 * with an incident number and answered 500 with that number only.
 */
final class ErrorResponses {
    private final AtomicLong incidents = new AtomicLong();

    /** The API's form of any exception a handler threw. */
    ApiException translate(Throwable e) {
        if (e instanceof ApiException a) {
            return a;
        }
        if (e instanceof NoFaceException) {
            return new ApiException(422, "no_face", e.getMessage());
        }
        if (e instanceof SeveralFacesException) {
            return new ApiException(422, "several_faces", e.getMessage());
        }
        if (e instanceof ImageException ie) {
            ImageTooLargeException big = ie.tooLarge();
            if (big != null && big.pixels() > 0) {
                return ApiException.tooLarge(String.format(Locale.ROOT, "The image is %d pixels, above this server's limit"
                        + " of %d pixels (Serve --max-pixels); nothing was decoded", big.pixels(), big.limit()));
            }
            return big != null ? ApiException.tooLarge(e.getMessage()) : new ApiException(400, "bad_image", e.getMessage());
        }
        if (e instanceof NotEnrolledException) {
            return ApiException.notFound(e.getMessage());
        }
        if (e instanceof GalleryConflictException) {
            return ApiException.conflict(e.getMessage());
        }
        if (e instanceof UsageException || e instanceof IllegalArgumentException) {
            return ApiException.badRequest(e.getMessage()); // a bad name, a bad parameter: the caller's to fix
        }
        if (e instanceof HttpResponseException h) {
            return fromJavalin(h);
        }
        if (e instanceof OneShotException) {
            // the gallery file or the model refused: the message names it, and it is the server's problem, not the caller's
            return new ApiException(500, "internal", e.getMessage());
        }
        long n = incidents.incrementAndGet();
        System.err.println("oneshot serve: unexpected error, incident " + n + ":");
        e.printStackTrace();
        return new ApiException(500, "internal", "Unexpected server error (incident " + n
                + ", details in the server's log); the request was not completed");
    }

    private static ApiException fromJavalin(HttpResponseException h) {
        return new ApiException(h.getStatus(), codeFor(h.getStatus()), h.getMessage());
    }

    /** The contract's error code for a status that came from Javalin or Jetty rather than from a handler. */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 413, 431 -> "too_large";
            case 503 -> "overloaded";
            case 504 -> "timeout";
            default -> status >= 500 ? "internal" : "bad_request";
        };
    }

    /** The error body for a status and message. */
    static String body(String code, String message) {
        Map<String, String> inner = new LinkedHashMap<>();
        inner.put("code", code);
        inner.put("message", message);
        return Json.text(Map.of("error", inner));
    }

    /** Writes the error body and headers. */
    void send(Context ctx, Throwable e) {
        ApiException a = translate(e);
        a.headers().forEach(ctx::header);
        ctx.status(a.status()).contentType("application/json; charset=utf-8").result(body(a.code(), a.getMessage()));
    }
}
