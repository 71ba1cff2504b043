package oneshot.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether removed data is still somewhere on disk: the deletion tests of both backends look into the files. */
public final class FileBytes {
    private FileBytes() {}

    /** True if {@code file} holds {@code needle} anywhere; false for a missing file (one the engine has unlinked). */
    public static boolean contains(Path file, byte[] needle) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        return indexOf(Files.readAllBytes(file), needle) >= 0;
    }

    /** Offset of the first {@code needle} in {@code hay}, or -1. */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
