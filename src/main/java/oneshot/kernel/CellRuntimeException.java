package oneshot.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * An exception thrown by the code of a cell. Keeps the name and stack trace of the user's exception (JShell gives
 * only those across its engine boundary), trimmed of the kernel frames below the snippet.
 */
public final class CellRuntimeException extends CellException {
    private final String exceptionClassName;

    public CellRuntimeException(String exceptionClassName, String message, StackTraceElement[] trace) {
        super(exceptionClassName + (message == null ? "" : ": " + message));
        this.exceptionClassName = exceptionClassName;
        setStackTrace(userFrames(trace));
    }

    /** The frames of the user's code: those above the reflective call that ran the snippet. */
    private static StackTraceElement[] userFrames(StackTraceElement[] trace) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackTraceElement e : trace) {
            String cls = e.getClassName();
            if (cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.")
                    || cls.startsWith("oneshot.kernel.")) {
                break;
            }
            // JShell names snippet frames "" (or REPL.$JShell$N) in file "#N": say "cell" instead.
            boolean snippet = cls.isEmpty() || cls.startsWith("REPL.");
            String method = e.getMethodName().isEmpty() || e.getMethodName().startsWith("do_it") ? "run" : e.getMethodName();
            frames.add(snippet ? new StackTraceElement("cell", method, "snippet " + e.getFileName(), e.getLineNumber()) : e);
        }
        return frames.toArray(new StackTraceElement[0]);
    }

    /** The class name of the exception the cell threw, e.g. {@code java.lang.ArithmeticException}. */
    public String exceptionClassName() {
        return exceptionClassName;
    }

    @Override
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add(getMessage());
        for (StackTraceElement e : getStackTrace()) {
            lines.add("\tat " + e);
        }
        return lines;
    }
}
