package oneshot.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a command's output file looks like, recognised by its first bytes, so an existing file can be told apart from
 * the command's own earlier output ({@link OutputGuard}).
 */
public record OutputKind(String description, List<byte[]> prefixes) {
    public static final OutputKind PNG = of("a PNG image", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});

    /** A file whose first bytes are one of {@code prefixes}. */
    public static OutputKind of(String description, byte[]... prefixes) {
        return new OutputKind(description, List.of(prefixes));
    }

    /** A text file whose first characters are one of {@code prefixes}. */
    public static OutputKind text(String description, String... prefixes) {
        return new OutputKind(description, Arrays.stream(prefixes).map(p -> p.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** True if {@code file} starts like this kind of output. */
    public boolean recognises(Path file) throws IOException {
        int longest = prefixes.stream().mapToInt(p -> p.length).max().orElse(0);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(longest);
        }
        for (byte[] p : prefixes) {
            if (head.length >= p.length && Arrays.equals(head, 0, p.length, p, 0, p.length)) {
                return true;
            }
        }
        return false;
    }
}
