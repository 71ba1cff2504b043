package oneshot.kernel;

import java.util.ArrayList;
import java.util.List;

/** A snippet of the cell that javac (through JShell) rejected, with the compiler's diagnostics. */
public final class CellCompilationException extends CellException {
    private final String source;
    private final List<String> diagnostics;

    public CellCompilationException(String source, List<String> diagnostics) {
        super("does not compile: " + (diagnostics.isEmpty() ? source.strip() : String.join(" | ", diagnostics)));
        this.source = source;
        this.diagnostics = List.copyOf(diagnostics);
    }

    public String source() {
        return source;
    }

    public List<String> diagnostics() {
        return diagnostics;
    }

    @Override
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add("Compilation error in:");
        source.strip().lines().forEach(l -> lines.add("|   " + l));
        diagnostics.forEach(d -> d.lines().forEach(lines::add));
        return lines;
    }
}
