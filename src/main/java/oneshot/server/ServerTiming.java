package oneshot.server;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a face request's time went, sent as a W3C {@code Server-Timing} header (browsers' developer tools show it; the
 * load benchmark reads it): reading the upload, waiting for a face worker, the face work, the search, the reply. The
 * phases are marked in order, on the request thread and then on the worker; {@code Future.get} orders the worker's
 * marks before the request thread reads them.
 */
final class ServerTiming {
    static final String HEADER = "Server-Timing";

    private final StringBuilder phases = new StringBuilder();
    private final long start = System.nanoTime();
    private long last = start;

    /** Ends the phase that ran since the previous mark (or the request's start). */
    synchronized void mark(String phase) {
        long now = System.nanoTime();
        if (phases.length() > 0) {
            phases.append(", ");
        }
        phases.append(phase).append(";dur=").append(String.format(Locale.ROOT, "%.2f", (now - last) / 1e6));
        last = now;
    }

    /** Ends the last phase as {@code reply} (the answer built and handed back), then sets the header with the total. */
    synchronized void send(Context ctx) {
        mark("reply");
        String total = String.format(Locale.ROOT, "total;dur=%.2f", (last - start) / 1e6);
        ctx.header(HEADER, phases + ", " + total); // the phases add up to the total (each ends where the next starts)
    }

    /** The phases of a {@code Server-Timing} header value, name to milliseconds, in order (for clients and tests). */
    static Map<String, Double> parse(String header) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String metric : header.split(",")) {
            String[] parts = metric.trim().split(";");
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("dur=")) {
                    out.put(parts[0].trim(), Double.parseDouble(p.substring(4)));
                }
            }
        }
        return out;
    }
}
