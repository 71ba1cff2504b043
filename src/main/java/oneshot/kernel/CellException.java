package oneshot.kernel;

import java.util.List;

/**
 * A notebook cell that did not run to the end. The kernel reports it as a Jupyter error, so
 * {@code jupyter nbconvert --execute} stops and fails on it.
 */
public abstract class CellException extends RuntimeException {
    protected CellException(String message) {
        super(message);
    }

    /** No kernel frames: Jupyter shows this exception's stack as the cell's traceback. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** The lines shown under the cell, without the Java stack of the kernel itself. */
    public abstract List<String> report();
}
