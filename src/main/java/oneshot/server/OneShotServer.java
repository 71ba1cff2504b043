package oneshot.server;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import oneshot.OneShot;

/**
 * OneShot over HTTP (Javalin on Jetty): the resources of docs/api.md on one {@link OneShot} facade, API keys checked
 * before any handler runs, every error a JSON body, the web page ({@code src/main/resources/web/}) at {@code /}.
 * {@link #start} returns once it listens; {@link #close} stops it and closes its galleries (the facade stays the caller's).
 */
public final class OneShotServer implements AutoCloseable {
    /** The HTTP methods a route can have; anything else Javalin registers (before/after filters) is not a route. */
    private static final Set<HandlerType> METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    /**
     * How the server runs.
     *
     * @param host the interface to listen on (loopback unless opened on purpose)
     * @param port the port; 0 picks a free one
     * @param gallery the default gallery: a file (other galleries are {@code NAME.gallery} beside it) or a PostgreSQL
     *     JDBC URL (only the default gallery, shared with other servers)
     * @param maxUploadBytes the largest image upload (413 above)
     * @param requestTimeout the longest a face request may wait and run (504 after)
     * @param workers threads doing face work (at most the cores is useful)
     * @param queue face requests that may wait for a worker (503 with Retry-After beyond)
     * @param keys the API keys, or null for no keys at all (test mode, loopback only: the command checks)
     */
    public record Settings(String host, int port, String gallery, long maxUploadBytes, Duration requestTimeout, int workers,
                           int queue, ApiKeys keys) {
        /** A file gallery. */
        public Settings(String host, int port, Path gallery, long maxUploadBytes, Duration requestTimeout, int workers,
                int queue, ApiKeys keys) {
            this(host, port, gallery.toString(), maxUploadBytes, requestTimeout, workers, queue, keys);
        }
    }

    /** One registered route. */
    public record Route(String method, String path) {}

    private final Javalin app;
    private final Galleries galleries;
    private final WorkQueue work;

    private OneShotServer(Javalin app, Galleries galleries, WorkQueue work) {
        this.app = app;
        this.galleries = galleries;
        this.work = work;
    }

    /** Opens the galleries and listens; refuses (IOException) when the port is taken or the gallery cannot be opened. */
    public static OneShotServer start(OneShot oneShot, Settings s) throws IOException {
        Galleries galleries = new Galleries(oneShot, s.gallery());
        WorkQueue work = new WorkQueue(s.workers(), s.queue(), s.requestTimeout());
        ErrorResponses errors = new ErrorResponses();
        Api api = new Api(oneShot, galleries, work, new ImageInput(s.maxUploadBytes()), openApiDocument());
        Javalin app;
        try {
            app = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.showOldJavalinVersionWarning = false;
                cfg.jetty.host = s.host();
                cfg.jetty.port = s.port();
                cfg.http.maxRequestSize = 1 << 20; // JSON bodies; images are read through ImageInput's own limit
                cfg.jetty.multipartConfig.maxFileSize(s.maxUploadBytes(), SizeUnit.BYTES);
                cfg.jetty.multipartConfig.maxTotalRequestSize(2 * s.maxUploadBytes() + (1 << 20), SizeUnit.BYTES);
                cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(s.maxUploadBytes(), Integer.MAX_VALUE),
                        SizeUnit.BYTES);
                cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonJettyErrors()));
                if (OneShotServer.class.getResource("/web") != null) {
                    cfg.staticFiles.add("/web", Location.CLASSPATH);
                }
                cfg.routes.beforeMatched(new KeyCheck(s.keys()));
                api.register(cfg.routes);
                cfg.routes.exception(Exception.class, (e, ctx) -> errors.send(ctx, e));
                // Javalin's own answers (no such route, wrong method) get the contract's body; a handler's JSON stays
                for (int status : new int[] {404, 405}) {
                    cfg.routes.error(status, ctx -> {
                        if (!String.valueOf(ctx.res().getContentType()).startsWith("application/json")) {
                            errors.send(ctx, new ApiException(ctx.statusCode(), ErrorResponses.codeFor(ctx.statusCode()),
                                    "No resource " + ctx.method() + " " + ctx.path() + " (GET /openapi.json lists the"
                                    + " routes)"));
                        }
                    });
                }
            }).start();
        } catch (RuntimeException e) {
            work.close();
            galleries.close();
            throw new IOException("Cannot listen on " + s.host() + ":" + s.port() + ": " + rootMessage(e), e);
        }
        return new OneShotServer(app, galleries, work);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /** The OpenAPI 3.0 document served at {@code /openapi.json} (a resource kept beside this class). */
    static byte[] openApiDocument() throws IOException {
        try (InputStream in = OneShotServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("oneshot/server/openapi.json is missing from the build");
            }
            return in.readAllBytes();
        }
    }

    /** The port it listens on (the one picked when started with port 0). */
    public int port() {
        return app.port();
    }

    /** Every registered route, as Javalin holds them (the OpenAPI document must describe exactly these). */
    public List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (ParsedEndpoint p : app.unsafe.internalRouter.allHttpHandlers()) {
            if (METHODS.contains(p.endpoint.method)) {
                out.add(new Route(p.endpoint.method.name(), p.endpoint.path));
            }
        }
        return out;
    }

    /** Stops listening (requests in progress finish), then closes the galleries. */
    @Override
    public void close() {
        app.stop();
        work.close();
        galleries.close();
    }
}
