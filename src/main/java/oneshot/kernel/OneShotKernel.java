package oneshot.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The OneShot Jupyter kernel: jjava-jupyter speaks the protocol, {@link CellEvaluator} runs the cells with JShell,
 * {@link Display} and {@link ImageRenderers} show images and charts, and the magics are those IJava and JJava share.
 */
public final class OneShotKernel extends BaseKernel {
    public static final String NAME = "java";
    public static final String DISPLAY_NAME = "Java (OneShot)";

    private final CellEvaluator evaluator;

    private OneShotKernel(CellEvaluator evaluator, MagicsRegistry magics) {
        super(NAME, version(), languageInfo(),
                List.of(new HelpLink("Java tutorial", "https://docs.oracle.com/javase/tutorial/")),
                null,
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                new Renderer(),
                // A magic starts a line (or follows '=' to use its result), as in JJava.
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()),
                magics,
                false,
                new StringStyler.Builder().build());
        this.evaluator = evaluator;
        ImageRenderers.registerAll(renderer);
        Display.install(renderer, new Display.Sink() {
            @Override
            public void show(DisplayData data) {
                io.display.display(data);
            }

            @Override
            public void update(DisplayData data) {
                io.display.updateDisplay(data);
            }
        });
    }

    /** A kernel whose cells compile against and load from {@code classpath}. */
    public static OneShotKernel create(List<String> classpath) {
        CellEvaluator evaluator = new CellEvaluator(classpath, System.err);
        MagicsRegistry magics = new MagicsRegistry();
        ClasspathMagics classpathMagics = new ClasspathMagics(evaluator::addToClasspath);
        MavenMagic maven = new MavenMagic(evaluator::addToClasspath);
        magics.registerLineMagic("classpath", (kernel, args) -> classpathMagics.add(args));
        magics.registerLineMagic("jars", (kernel, args) -> classpathMagics.add(args));
        magics.registerCellMagic("classpath", (kernel, args, body) -> classpathMagics.addLines(body));
        magics.registerLineMagic("maven", (kernel, args) -> maven.add(args));
        magics.registerLineMagic("load", (kernel, args) -> {
            if (args.size() != 1) {
                throw new IllegalArgumentException("%load takes one file, got " + args);
            }
            Path file = Paths.get(args.get(0));
            return kernel.evalRaw(Files.readString(file));
        });
        return new OneShotKernel(evaluator, magics);
    }

    private static String version() {
        String v = OneShotKernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo("Java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java", "java",
                null);
    }

    @Override
    public Object evalRaw(String source) {
        return evaluator.eval(magicParser.resolveMagics(source));
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<String> docs = evaluator.documentation(code, at);
        return docs.isEmpty() ? null : new DisplayData(String.join("\n\n", docs));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = evaluator.completions(code, at, anchor);
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        return switch (evaluator.completeness(code)) {
            case "complete" -> IS_COMPLETE_YES;
            case "incomplete" -> "";
            default -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        evaluator.close();
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException ce) {
            return ce.report();
        }
        return super.formatError(e);
    }
}
