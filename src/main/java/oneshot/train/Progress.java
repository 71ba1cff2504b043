package oneshot.train;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Progress lines for long jobs, on stderr. Not slf4j: under {@code mvn -q exec:java} the job shares Maven's logger,
 * which hides INFO, and a user must see how far a 60-minute run has come.
 */
final class Progress {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Progress() {}

    static void say(String format, Object... args) {
        System.err.println(TIME.format(LocalTime.now()) + " " + String.format(format, args));
    }
}
