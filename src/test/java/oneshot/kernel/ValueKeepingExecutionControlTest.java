package oneshot.kernel;

import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * JShell replaces a snippet's wrapper class ({@code $JShell$7} by {@code $JShell$7B}) when a later import makes it
 * re-compile the snippet; the variables must keep their values (seen in notebook 01: the model became null).
 */
class ValueKeepingExecutionControlTest {
    @Test
    void aRecompiledWrapperKeepsTheValuesOfItsVariables(@TempDir Path dir) throws Exception {
        byte[] first = compile(dir, "$JShell$7", "public static StringBuilder model; public static int count;");
        byte[] second = compile(dir, "$JShell$7B", "public static StringBuilder model; public static long count;");
        ValueKeepingExecutionControl control = new ValueKeepingExecutionControl();
        try {
            control.load(new ClassBytecodes[] {new ClassBytecodes("REPL.$JShell$7", first)});
            Class<?> old = control.loadedClass("REPL.$JShell$7");
            StringBuilder model = new StringBuilder("the model");
            old.getField("model").set(null, model);
            old.getField("count").set(null, 3);

            control.load(new ClassBytecodes[] {new ClassBytecodes("REPL.$JShell$7B", second)});

            Class<?> replaced = control.loadedClass("REPL.$JShell$7B");
            assertEquals(model, replaced.getField("model").get(null), "same name and type: the value is kept");
            assertEquals(0L, replaced.getField("count").get(null), "the type changed: JShell's reset stands");
        } finally {
            control.close();
        }
    }

    @Test
    void unrelatedWrappersShareNothing(@TempDir Path dir) throws Exception {
        ValueKeepingExecutionControl control = new ValueKeepingExecutionControl();
        try {
            control.load(new ClassBytecodes[] {new ClassBytecodes("REPL.$JShell$3",
                    compile(dir, "$JShell$3", "public static StringBuilder model;"))});
            control.loadedClass("REPL.$JShell$3").getField("model").set(null, new StringBuilder("x"));
            control.load(new ClassBytecodes[] {new ClassBytecodes("REPL.$JShell$31",
                    compile(dir, "$JShell$31", "public static StringBuilder model;"))});
            assertNull(control.loadedClass("REPL.$JShell$31").getField("model").get(null));
        } finally {
            control.close();
        }
    }

    private static byte[] compile(Path dir, String simpleName, String body) throws Exception {
        Path src = dir.resolve("src/REPL/" + simpleName + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package REPL; public class " + simpleName + " { " + body + " }");
        Path out = dir.resolve("classes");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString()));
        return Files.readAllBytes(out.resolve("REPL/" + simpleName + ".class"));
    }
}
