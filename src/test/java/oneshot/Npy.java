package oneshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads NumPy .npy files of dtype {@code <f4}, C order (the golden references' format). */
public final class Npy {
    public final long[] shape;
    public final float[] data;

    private Npy(long[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    public static Npy read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b[0] != (byte) 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M') {
            throw new IOException(file + ": not a .npy file");
        }
        int major = b[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = (b[8] & 0xff) | ((b[9] & 0xff) << 8);
            offset = 10;
        } else {
            headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            offset = 12;
        }
        String header = new String(b, offset, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": expected little-endian float32 C-order, header " + header);
        }
        Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": no shape in header " + header);
        }
        long[] shape = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        int start = offset + headerLen;
        int n = (b.length - start) / 4;
        float[] data = new float[n];
        ByteBuffer.wrap(b, start, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        long expected = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        if (expected != n) {
            throw new IOException(file + ": shape " + Arrays.toString(shape) + " needs " + expected + " values, file has " + n);
        }
        return new Npy(shape, data);
    }
}
