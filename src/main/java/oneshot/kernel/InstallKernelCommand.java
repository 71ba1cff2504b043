package oneshot.kernel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code InstallKernel}: installs the OneShot Java kernel for Jupyter, with the classpath of this very run. */
@Command(name = "InstallKernel", mixinStandardHelpOptions = true,
        description = {"Installs the Jupyter kernel 'java' (Java (OneShot)) with the project's classpath.",
                "Run: mvn -q compile exec:java -Dexec.mainClass=InstallKernel [-Dexec.args=\"--prefix DIR\"]"})
public final class InstallKernelCommand implements Callable<Integer> {
    @Option(names = "--user", description = "Install into the per-user Jupyter data dir (default).")
    boolean user;

    @Option(names = "--prefix", paramLabel = "DIR",
            description = "Install into DIR/share/jupyter/kernels (e.g. a virtualenv, or a temp dir in CI).")
    Path prefix;

    @Option(names = "--name", defaultValue = OneShotKernel.NAME, description = "Kernel name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--display-name", defaultValue = OneShotKernel.DISPLAY_NAME,
            description = "Name shown in Jupyter (default: ${DEFAULT-VALUE}).")
    String displayName;

    @Option(names = "--jvm-opt", paramLabel = "OPT", description = "Extra JVM option for the kernel, repeatable (e.g. -Xmx4g).")
    List<String> jvmOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (user && prefix != null) {
            System.err.println("--user and --prefix exclude each other");
            return 2;
        }
        List<String> options = new ArrayList<>(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_interop_threads=1", "-Djava.awt.headless=true"));
        options.addAll(jvmOptions);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> classpath = RunningClasspath.entries();
        KernelSpecInstaller installer = new KernelSpecInstaller(name, displayName, java, classpath, options);
        Path dir = prefix != null ? KernelSpecInstaller.prefixKernelsDir(prefix.toAbsolutePath())
                : KernelSpecInstaller.userKernelsDir();
        Path written = installer.install(dir);
        System.out.println("Installed kernel '" + name + "' (" + displayName + ") with " + classpath.size()
                + " classpath entries: " + written);
        return 0;
    }
}
