import oneshot.cli.Cli;
import oneshot.cli.GalleryCopyCommand;

/** Launcher: {@code mvn -q exec:java -Dexec.mainClass=GalleryCopy -Dexec.args="--from gallery.db --to jdbc:postgresql://..."}. */
public final class GalleryCopy {
    private GalleryCopy() {}

    public static void main(String[] args) {
        Cli.main(new GalleryCopyCommand(), args);
    }
}
