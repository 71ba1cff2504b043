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
            throw tooLarge(declared);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16L, maxBytes + 1));
            if (b.length > maxBytes) {
                throw tooLarge(-1);
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
            throw multipartFailure(e);
        }
        if (f == null) {
            return null;
        }
        if (f.size() > maxBytes) {
            throw tooLarge(f.size());
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
            throw multipartFailure(e);
        }
    }

    private ApiException multipartFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("exceeded") || m.contains("too large")) {
                return tooLarge(-1);
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
     * 413 with {@code Connection: close}: the rest of the body was never read, so the server drops the connection after
     * the answer; said in the answer, a client opens a new one for its next request instead of reusing this one and
     * getting no answer at all (seen in CI: "header parser received no bytes" on the request after a 413).
     */
    private ApiException tooLarge(long bytes) {
        return ApiException.tooLargeUnreadBody((bytes > 0 ? "The upload is " + bytes + " bytes, above"
                : "The upload is above") + " this server's limit of " + maxBytes + " bytes (Serve --max-upload-mb)");
    }
}
