package oneshot.concurrent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to another thread. */
public final class Futures {
    private Futures() {}

    /**
     * The task's result. An interrupt does not abandon a task that is already running on arrays this thread owns: the
     * wait goes on and the interrupt flag is restored afterwards. The task's own exception is rethrown unchanged.
     */
    public static <T> T getUninterruptibly(Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The result of a task that reads or writes files: its {@link IOException} (also one wrapped unchecked) comes back
     * as is, runtime exceptions and errors unchanged, anything else as an IOException; an interrupt ends the wait with
     * an IOException and the flag restored.
     */
    public static <T> T getIo(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c.getMessage(), c);
        }
    }
}
