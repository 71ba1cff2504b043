package oneshot.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's execution core (JShell evaluation, errors, display) without Jupyter. */
class CellEvaluatorTest {
    private static CellEvaluator cells;
    private static final List<DisplayData> shown = new ArrayList<>();

    @BeforeAll
    static void startShell() {
        cells = new CellEvaluator(RunningClasspath.entries(), System.err);
        Renderer renderer = new Renderer();
        ImageRenderers.registerAll(renderer);
        Display.install(renderer, new Display.Sink() {
            @Override
            public void show(DisplayData data) {
                shown.add(data);
            }

            @Override
            public void update(DisplayData data) {
                shown.add(data);
            }
        });
    }

    @AfterAll
    static void stopShell() {
        cells.close();
        Display.install(null, null);
    }

    @BeforeEach
    void forgetDisplays() {
        shown.clear();
    }

    @Test
    void lastExpressionGivesItsValueAsAnObject() {
        assertEquals(3, cells.eval("1 + 2"));
        Object image = cells.eval("new java.awt.image.BufferedImage(5, 4, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        BufferedImage img = assertInstanceOf(BufferedImage.class, image);
        assertEquals(5, img.getWidth());
    }

    @Test
    void declarationsAndStatementsShowNothingAndPersistAcrossCells() {
        assertNull(cells.eval("int sq(int x) { return x * x; }\nint base = 7;"));
        assertEquals(49, cells.eval("sq(base)"));
        assertEquals("[a, b]", cells.eval("var names = new ArrayList<String>(); names.add(\"a\"); names.add(\"b\");\nnames.toString()"));
    }

    @Test
    void printedOutputGoesToSystemOut() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertNull(cells.eval("System.out.println(\"hello \" + (40 + 2));"));
        } finally {
            System.setOut(saved);
        }
        assertEquals("hello 42" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exceptionOfTheCellIsReportedWithItsClassAndStopsTheCell() {
        cells.eval("int counter = 1;");
        CellRuntimeException e = assertThrows(CellRuntimeException.class,
                () -> cells.eval("int ratio(int d) { return 10 / d; }\ncounter = ratio(0);\ncounter = 42;"));
        assertEquals("java.lang.ArithmeticException", e.exceptionClassName());
        assertTrue(e.getMessage().contains("/ by zero"), e.getMessage());
        assertTrue(String.join("\n", e.report()).contains("cell.ratio"), String.join("\n", e.report()));
        assertEquals(1, cells.eval("counter"), "statements after the failing one must not run");
    }

    @Test
    void compilationErrorNamesTheProblem() {
        CellCompilationException e = assertThrows(CellCompilationException.class, () -> cells.eval("int b = \"text\";"));
        assertTrue(e.getMessage().contains("incompatible types"), e.getMessage());
        assertTrue(e.report().stream().anyMatch(l -> l.contains("int b = \"text\";")), e.report().toString());
        assertThrows(CellCompilationException.class, () -> cells.eval("noSuchVariable + 1"));
    }

    @Test
    void unfinishedCellIsAnError() {
        assertThrows(CellIncompleteException.class, () -> cells.eval("for (int i = 0; i < 3; i++) {"));
        assertEquals("incomplete", cells.completeness("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", cells.completeness("int k = 1;"));
    }

    @Test
    void projectClassesAreImportable() {
        Object root = cells.eval("import oneshot.SharedData;\nSharedData.root()");
        assertInstanceOf(Path.class, root);
    }

    @Test
    void displayOfImageAndChartPublishesPng() throws IOException {
        Object id = cells.eval("display(new java.awt.image.BufferedImage(8, 4, java.awt.image.BufferedImage.TYPE_INT_RGB))");
        assertEquals(1, shown.size());
        assertEquals(shown.get(0).getDisplayId(), id);
        BufferedImage png = decodePng(shown.get(0));
        assertEquals(8, png.getWidth());
        assertEquals(4, png.getHeight());

        cells.eval("""
                var chart = new org.knowm.xchart.XYChartBuilder().width(320).height(200).title("t").build();
                chart.addSeries("s", new double[] {0, 1, 2}, new double[] {1, 0, 1});
                display(chart);""");
        assertEquals(2, shown.size());
        BufferedImage chartPng = decodePng(shown.get(1));
        assertEquals(320, chartPng.getWidth());
        assertEquals(200, chartPng.getHeight());
        assertEquals("XYChart \"t\" 320x200", shown.get(1).getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void interruptStopsARunningCell() throws Exception {
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                cells.eval("while (true) { Thread.sleep(5); }");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(1500); // let JShell compile and start the loop
        cells.interrupt();
        Throwable t = outcome.get(30, TimeUnit.SECONDS);
        CellRuntimeException e = assertInstanceOf(CellRuntimeException.class, t);
        assertEquals(ValueKeepingExecutionControl.INTERRUPTED, e.exceptionClassName());
        assertEquals(2, cells.eval("1 + 1"), "the shell keeps working after an interrupt");
    }

    private static BufferedImage decodePng(DisplayData data) throws IOException {
        String b64 = (String) data.getData(MIMEType.IMAGE_PNG);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
        assertTrue(img != null, "image/png output must decode as PNG");
        return img;
    }
}
