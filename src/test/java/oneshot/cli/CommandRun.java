package oneshot.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import oneshot.gallery.EncodedFace;
import oneshot.gallery.FaceEncoder;

/** What a command printed and returned, run through picocli with stdout and stderr captured. */
record CommandRun(int code, String out, String err) {
    static CommandRun of(Object command, String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Cli.run(command, args);
            return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** An encoder the commands may close after each run while the test keeps using the real one. */
    static FaceEncoder kept(FaceEncoder real, String modelId) {
        return new FaceEncoder() {
            @Override
            public String modelId() {
                return modelId;
            }

            @Override
            public List<EncodedFace> encode(Path image) throws IOException {
                return real.encode(image);
            }

            @Override
            public void close() {}
        };
    }
}
