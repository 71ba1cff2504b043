package oneshot.kernel;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the Java code of notebook cells with the JDK's JShell, in this JVM, and returns the value of a cell's last
 * expression (the object, not its string) so the kernel can render it like IJava does.
 *
 * <p>Knows nothing of Jupyter: the kernel wraps it, the tests drive it directly.
 */
public final class CellEvaluator implements AutoCloseable {
    /** What the jshell tool imports by default; IJava cells rely on the same. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*", "java.util.concurrent.*",
            "java.util.function.*", "java.util.prefs.*", "java.util.regex.*", "java.util.stream.*");

    private final JShell shell;
    private final InProcessExecutionProvider engine;
    private final SourceCodeAnalysis analysis;

    /**
     * @param classpath entries compiled against and loaded from (the project's classes and jars)
     * @param out       where JShell's own diagnostics go; cell output uses {@code System.out/err} directly
     */
    public CellEvaluator(List<String> classpath, PrintStream out) {
        this.engine = new InProcessExecutionProvider();
        this.shell = JShell.builder()
                .executionEngine(engine, Map.of())
                .out(out)
                .err(out)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        classpath.forEach(shell::addToClasspath);
        for (String pkg : DEFAULT_IMPORTS) {
            eval("import " + pkg + ";");
        }
        eval("import static " + Display.class.getName() + ".*;");
    }

    /** Adds a directory or jar to what cells compile against and load from (used by {@code %classpath}). */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Runs every statement and declaration of a cell in order.
     *
     * @return the value of the last snippet if it is an expression, else null
     * @throws CellException at the first snippet that fails to compile or throws
     */
    public Object eval(String cell) {
        Object last = null;
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(cell);
        try {
            while (info.completeness().isComplete()) {
                last = evalSnippet(info.source());
                info = analysis.analyzeCompletion(info.remaining());
            }
        } finally {
            engine.control().clearValues();
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new CellIncompleteException(info.remaining());
        }
        return last;
    }

    private Object evalSnippet(String source) {
        List<SnippetEvent> events = shell.eval(source);
        ValueKeepingExecutionControl control = engine.control();
        Object value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a re-evaluated dependant of this snippet, not the snippet itself
            }
            failIfBad(event);
            String raw = event.value();
            Object v = control.isValueKey(raw) ? control.takeValue(raw) : raw;
            value = isExpression(event.snippet()) ? v : null;
        }
        return value;
    }

    private static boolean isExpression(Snippet snippet) {
        return switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND, VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND -> true;
            default -> false;
        };
    }

    private void failIfBad(SnippetEvent event) {
        JShellException e = event.exception();
        if (e instanceof EvalException ee) {
            if (ValueKeepingExecutionControl.INTERRUPTED.equals(ee.getExceptionClassName())) {
                throw new CellRuntimeException(ValueKeepingExecutionControl.INTERRUPTED, null, new StackTraceElement[0]);
            }
            throw new CellRuntimeException(ee.getExceptionClassName(), ee.getMessage(), ee.getStackTrace());
        }
        if (e instanceof UnresolvedReferenceException ure) {
            throw new CellCompilationException(event.snippet().source(), List.of("'" + ure.getSnippet().name()
                    + "' cannot be used: it refers to undefined " + String.join(", ", unresolved(ure.getSnippet()))));
        }
        if (e != null) {
            throw new CellRuntimeException(e.getClass().getName(), e.getMessage(), e.getStackTrace());
        }
        if (!event.status().isDefined()) {
            Snippet snippet = event.snippet();
            List<String> messages = shell.diagnostics(snippet)
                    .map(CellEvaluator::describe)
                    .collect(Collectors.toCollection(ArrayList::new));
            if (snippet instanceof DeclarationSnippet ds) {
                List<String> missing = unresolved(ds);
                if (!missing.isEmpty()) {
                    messages.add("unresolved: " + String.join(", ", missing));
                }
            }
            throw new CellCompilationException(snippet.source(), messages);
        }
    }

    private List<String> unresolved(DeclarationSnippet snippet) {
        return shell.unresolvedDependencies(snippet).collect(Collectors.toList());
    }

    private static String describe(Diag d) {
        String where = d.getStartPosition() >= 0 ? " (at character " + d.getStartPosition() + ")" : "";
        return (d.isError() ? "error: " : "warning: ") + d.getMessage(Locale.ROOT) + where;
    }

    /** Jupyter's is_complete answer for a partial cell: "complete", "incomplete" or "invalid". */
    public String completeness(String code) {
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code);
        while (info.completeness().isComplete()) {
            info = analysis.analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case EMPTY, COMPLETE, COMPLETE_WITH_SEMI -> "complete";
            case CONSIDERED_INCOMPLETE, DEFINITELY_INCOMPLETE -> "incomplete";
            default -> "invalid";
        };
    }

    /** Source completions at {@code cursor}, with the start offset of the text they replace in {@code anchor[0]}. */
    public List<String> completions(String code, int cursor, int[] anchor) {
        return analysis.completionSuggestions(code, cursor, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
    }

    /** Signatures and javadoc of what is at {@code cursor}, or an empty list. */
    public List<String> documentation(String code, int cursor) {
        return analysis.documentation(code, cursor, true).stream()
                .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n" + d.javadoc())
                .collect(Collectors.toList());
    }

    /** Asks the running cell to stop (interrupts its thread). */
    public void interrupt() {
        engine.control().interrupt();
    }

    @Override
    public void close() {
        shell.close();
    }
}
