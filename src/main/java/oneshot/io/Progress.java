package oneshot.io;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr: done/total, rate, ETA. Redraws at most 4 times a second. */
public final class Progress {
    private final String label;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;

    public Progress(String label, long total) {
        this(label, total, System.err);
    }

    public Progress(String label, long total, PrintStream out) {
        this.label = label;
        this.total = total;
        this.out = out;
    }

    public synchronized void step(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastDraw > 250_000_000L || done >= total) {
            lastDraw = now;
            draw(now);
        }
    }

    public synchronized void finish() {
        draw(System.nanoTime());
        out.println();
    }

    private void draw(long now) {
        double s = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / s;
        int width = 30;
        int filled = total <= 0 ? 0 : (int) Math.min(width, width * done / total);
        String eta = rate > 0 && total > done ? formatSeconds((total - done) / rate) : "0s";
        out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  %.1f/s  ETA %s   ", label, "=".repeat(filled), " ".repeat(width - filled),
                done, total, rate, eta);
        out.flush();
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? (t / 3600) + "h" + (t % 3600 / 60) + "m" : t >= 60 ? (t / 60) + "m" + (t % 60) + "s" : t + "s";
    }
}
