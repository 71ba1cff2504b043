package oneshot.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Entry point Jupyter starts (argv of kernel.json): {@code KernelMain <connection file>}. */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain <connection-file.json>  (Jupyter passes it as {connection_file})");
            System.exit(2);
        }
        Path connectionFile = Paths.get(args[0]);
        if (!Files.isRegularFile(connectionFile)) {
            System.err.println("connection file " + connectionFile + " does not exist or is not a file");
            System.exit(2);
        }
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(connectionFile));
        JupyterConnection connection = new JupyterConnection(properties);
        OneShotKernel kernel = OneShotKernel.create(RunningClasspath.entries());
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        connection.waitUntilClose();
        // Cells may leave non-daemon threads (DJL, executors) behind; the kernel is done once Jupyter closed it.
        System.exit(0);
    }
}
