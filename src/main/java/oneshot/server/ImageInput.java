package oneshot.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The image bytes of a request: a {@code multipart/form-data} part ({@code image}, or {@code image1}/{@code image2}
 * for verify), or the whole body with an image content type. Larger than the upload limit is 413 before the bytes are
 * read (from Content-Length) or as soon as the limit is passed (chunked bodies); decoding is the facade's (the
 * project's ImageDecoder, pixel limit from the header).
 */
final class ImageInput {
    /** How much larger than the limit a body may be and still be read to its end before the 413 (see discardRest). */
    private static final long DISCARD_FACTOR = 4;

    private final long maxBytes;

    ImageInput(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The named part of a multipart request, or the raw body of any other; 400/413/415 naming the problem. */
    byte[] read(Context ctx, String part) {
        if (ctx.isMultipartFormData()) {
            byte[] b = part(ctx, part);
            if (b == null) {
                throw ApiException.badRequest("The multipart body has no part named '" + part + "' holding the image");
            }
            return b;
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!(type.startsWith("image/") || type.startsWith("application/octet-stream"))) {
            throw new ApiException(415, "bad_request", "Send the image as multipart/form-data with a part named '" + part
                    + "', or as the body with an image content type (image/jpeg, image/png, application/octet-stream);"
                    + " got " + (type.isEmpty() ? "no content type" : "'" + type + "'"));
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(ctx, declared);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16L, maxBytes + 1));
            if (b.length > maxBytes) {
                throw tooLarge(ctx, -1);
            }
            return b;
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read: " + e.getMessage());
        }
    }

    /** The named part's bytes, or null when the request has no such part. */
    byte[] part(Context ctx, String part) {
        UploadedFile f;
        try {
            f = ctx.uploadedFile(part);
        } catch (Exception e) { // Jetty's ServletException and IOException come through Kotlin undeclared
            throw multipartFailure(ctx, e);
        }
        if (f == null) {
            return null;
        }
        if (f.size() > maxBytes) {
            throw tooLarge(ctx, f.size());
        }
        try (InputStream in = f.content()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw ApiException.badRequest("The part '" + part + "' could not be read: " + e.getMessage());
        }
    }

    /** A form field of a multipart request (or a query parameter), or null. */
    String field(Context ctx, String name) {
        try {
            String v = ctx.isMultipartFormData() ? ctx.formParam(name) : null;
            return v != null ? v : ctx.queryParam(name);
        } catch (Exception e) {
            throw multipartFailure(ctx, e);
        }
    }

    private ApiException multipartFailure(Context ctx, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("exceeded") || m.contains("too large")) {
                return tooLarge(ctx, -1);
            }
        }
        return ApiException.badRequest("The multipart/form-data body is malformed (" + rootMessage(e) + ")");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /**
     * 413 with {@code Connection: close}, after the rest of the body is read and dropped ({@link #discardRest}); said in
     * the answer, a client opens a new connection for its next request instead of reusing this one and getting no
     * answer at all (seen in CI: "header parser received no bytes" on the request after a 413).
     */
    private ApiException tooLarge(Context ctx, long bytes) {
        discardRest(ctx);
        return ApiException.tooLargeUnreadBody((bytes > 0 ? "The upload is " + bytes + " bytes, above"
                : "The upload is above") + " this server's limit of " + maxBytes + " bytes (Serve --max-upload-mb)");
    }

    /**
     * Reads and drops what the client is still sending, up to {@link #DISCARD_FACTOR} times the limit. A server that
     * answers and closes with unread bytes in its socket makes the client's TCP stack take a reset, which drops the
     * answer it had not read yet: the client sees a broken connection instead of the 413 (nginx's lingering close does
     * the same). A body declared larger than that is not waited for; its sender may see the reset.
     */
    private void discardRest(Context ctx) {
        long cap = DISCARD_FACTOR * maxBytes + (1 << 20);
        if (ctx.req().getContentLengthLong() > cap) {
            return;
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[64 << 10];
            long read = 0;
            for (int n; read <= cap && (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (IOException | RuntimeException e) {
            // nothing more to read (or the multipart parser holds the stream): the connection closes after the answer
        }
    }
}
