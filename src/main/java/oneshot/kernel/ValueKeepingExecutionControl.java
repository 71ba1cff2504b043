package oneshot.kernel;

import jdk.jshell.execution.LocalExecutionControl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs JShell snippets inside the kernel's own JVM and keeps each snippet's result object.
 *
 * <p>JShell only hands back a snippet's value as a string. A notebook needs the object itself (an image, a chart) to
 * render it, so {@link #invoke(Method)} stores the object and returns a key that {@link #takeValue(String)} swaps back.
 * Snippets run on one dedicated thread so that {@link #interrupt()} can cancel a running cell.
 */
final class ValueKeepingExecutionControl extends LocalExecutionControl {
    /** Name given to the error of a cell stopped by an interrupt request. */
    static final String INTERRUPTED = "Cell interrupted";

    private static final String KEY_PREFIX = "\u0000oneshot-value-";
    private static final Object NULL = new Object();

    private final AtomicLong nextKey = new AtomicLong();
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final ExecutorService cellThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "notebook-cell");
        t.setDaemon(true);
        return t;
    });
    private volatile Future<Object> running;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Future<Object> task = cellThread.submit(() -> doitMethod.invoke(null));
        running = task;
        try {
            Object value = task.get();
            String key = KEY_PREFIX + nextKey.incrementAndGet();
            values.put(key, value == null ? NULL : value);
            return key;
        } catch (CancellationException e) {
            throw new UserException("The cell was interrupted.", INTERRUPTED, new StackTraceElement[0]);
        } catch (ExecutionException e) {
            // DirectExecutionControl turns an InvocationTargetException into the user's exception (class, message, trace).
            if (e.getCause() instanceof InvocationTargetException ite) {
                throw ite;
            }
            throw new InvocationTargetException(e.getCause());
        } finally {
            running = null;
        }
    }

    /** True when {@code eventValue} is a key made by {@link #invoke(Method)} rather than a plain JShell value. */
    boolean isValueKey(String eventValue) {
        return eventValue != null && eventValue.startsWith(KEY_PREFIX);
    }

    /** The object a snippet produced, removed from the store (so results do not pile up across cells). */
    Object takeValue(String key) {
        Object v = values.remove(key);
        return v == NULL ? null : v;
    }

    /** Forgets values nobody took (snippets whose result is not displayed). */
    void clearValues() {
        values.clear();
    }

    /** Cancels the running cell; code that never checks the interrupt flag keeps running until it finishes. */
    void interrupt() {
        Future<Object> task = running;
        if (task != null) {
            task.cancel(true);
        }
    }

    @Override
    public void stop() {
        interrupt();
    }

    @Override
    public void close() {
        cellThread.shutdownNow();
        super.close();
    }
}
