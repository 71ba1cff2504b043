import oneshot.kernel.InstallKernelCommand;
import picocli.CommandLine;

/** Installs the OneShot Jupyter kernel: {@code mvn -q compile exec:java -Dexec.mainClass=InstallKernel}. */
public final class InstallKernel {
    private InstallKernel() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new InstallKernelCommand()).execute(args));
    }
}
