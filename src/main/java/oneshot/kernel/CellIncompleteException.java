package oneshot.kernel;

import java.util.List;

/** The end of a cell that is not a complete Java statement (a missing brace or semicolon at the end). */
public final class CellIncompleteException extends CellException {
    private final String source;

    public CellIncompleteException(String source) {
        super("incomplete input: " + source.strip());
        this.source = source;
    }

    @Override
    public List<String> report() {
        return List.of("Incomplete input (missing ';', ')' or '}'?):", "|   " + source.strip().replace("\n", "\n|   "));
    }
}
