package oneshot;

/**
 * The user asked for something the command cannot do as asked (a bad option value, conflicting modes): exit code 2,
 * like picocli's own parse errors, so scripts can tell a wrong command line from a failure (exit code 1).
 */
public class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
