package oneshot.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches Javalin (a malformed request line, headers too large): the same
 * JSON body as every other error, instead of Jetty's HTML page, and never a stack trace.
 */
final class JsonJettyErrors extends ErrorHandler {
    JsonJettyErrors() {
        setShowStacks(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String text = ErrorResponses.body(ErrorResponses.codeFor(code), message == null || message.isBlank()
                ? "The request was refused by the HTTP layer (status " + code + ")" : message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
