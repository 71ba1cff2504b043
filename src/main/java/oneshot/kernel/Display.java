package oneshot.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

import java.util.UUID;

/**
 * The {@code display(...)} functions a cell calls, as in IJava and JJava: {@code display(image)},
 * {@code display(chart)}, {@code display(text, "text/markdown")}. The kernel imports them statically into every cell.
 */
public final class Display {
    /** Where rendered data goes: the notebook when the kernel runs, a list in tests. */
    public interface Sink {
        void show(DisplayData data);

        void update(DisplayData data);
    }

    private static volatile Renderer renderer;
    private static volatile Sink sink;

    private Display() {}

    /** Routes {@code display(...)} calls of cells to {@code target}, rendering with {@code with}. */
    public static void install(Renderer with, Sink target) {
        renderer = with;
        sink = target;
    }

    /** Shows {@code o} under the cell (a PNG for images and XChart charts, text otherwise); returns its display id. */
    public static String display(Object o) {
        return show(render(o));
    }

    /** Shows {@code o} as the given MIME types, e.g. {@code display("**bold**", "text/markdown")}. */
    public static String display(Object o, String... mimeTypes) {
        return show(render(o, mimeTypes));
    }

    /** Replaces what an earlier {@link #display(Object)} showed, e.g. a progress line or a growing chart. */
    public static void updateDisplay(String id, Object o) {
        DisplayData data = render(o);
        data.setDisplayId(id);
        target().update(data);
    }

    /** The display data {@code o} would be shown as, without showing it. */
    public static DisplayData render(Object o) {
        return o instanceof DisplayData d ? d : renderer().render(o);
    }

    public static DisplayData render(Object o, String... mimeTypes) {
        return renderer().renderAs(o, mimeTypes);
    }

    private static String show(DisplayData data) {
        if (!data.hasDisplayId()) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        target().show(data);
        return data.getDisplayId();
    }

    private static Renderer renderer() {
        Renderer r = renderer;
        if (r == null) {
            throw new IllegalStateException("display() works only inside the OneShot notebook kernel");
        }
        return r;
    }

    private static Sink target() {
        Sink s = sink;
        if (s == null) {
            throw new IllegalStateException("display() works only inside the OneShot notebook kernel");
        }
        return s;
    }
}
