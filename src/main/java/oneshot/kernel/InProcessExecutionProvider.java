package oneshot.kernel;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/** Hands JShell one {@link ValueKeepingExecutionControl} and remembers it, so the evaluator can read the values. */
final class InProcessExecutionProvider implements ExecutionControlProvider {
    private ValueKeepingExecutionControl control;

    @Override
    public String name() {
        return "oneshot-in-process";
    }

    @Override
    public synchronized ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new ValueKeepingExecutionControl();
        return control;
    }

    synchronized ValueKeepingExecutionControl control() {
        if (control == null) {
            throw new IllegalStateException("JShell has not started its execution engine yet");
        }
        return control;
    }
}
