package oneshot.kernel;

import oneshot.io.AtomicFiles;

import com.google.gson.GsonBuilder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the kernelspec ({@code kernels/<name>/kernel.json}) that lets Jupyter start {@link KernelMain} with a fixed
 * Java, classpath and JVM options.
 */
public final class KernelSpecInstaller {
    private final String name;
    private final String displayName;
    private final String java;
    private final List<String> classpath;
    private final List<String> jvmOptions;

    public KernelSpecInstaller(String name, String displayName, String java, List<String> classpath,
                               List<String> jvmOptions) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("kernel name '" + name + "' may only hold letters, digits, '.', '_', '-'");
        }
        if (classpath.isEmpty()) {
            throw new IllegalArgumentException("empty classpath: the kernel would not find its own classes");
        }
        this.name = name;
        this.displayName = displayName;
        this.java = java;
        this.classpath = List.copyOf(classpath);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The per-user kernels folder Jupyter searches, as {@code jupyter --data-dir} reports it. */
    public static Path userKernelsDir() {
        String dataDir = System.getenv("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Paths.get(dataDir, "kernels");
        }
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return Paths.get(home, "Library", "Jupyter", "kernels");
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return Paths.get(appData != null ? appData : home, "jupyter", "kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(home, ".local", "share");
        return base.resolve("jupyter").resolve("kernels");
    }

    /** The kernels folder under an environment prefix ({@code jupyter kernelspec install --prefix}). */
    public static Path prefixKernelsDir(Path prefix) {
        return prefix.resolve("share").resolve("jupyter").resolve("kernels");
    }

    /** The kernel.json content. */
    public Map<String, Object> spec() {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(jvmOptions);
        argv.add("-cp");
        argv.add(String.join(File.pathSeparator, classpath));
        argv.add(KernelMain.class.getName());
        argv.add("{connection_file}");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", displayName);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        return spec;
    }

    /** Writes {@code kernelsDir/<name>/kernel.json} (temp file then rename) and returns its path. */
    public Path install(Path kernelsDir) throws IOException {
        Path dir = kernelsDir.resolve(name);
        Files.createDirectories(dir);
        Path target = dir.resolve("kernel.json");
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec());
        AtomicFiles.writeString(target, json + "\n");
        return target;
    }
}
