package oneshot.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one Keras-OpenFace tensor file: decimals separated by commas (a single line in the export; any whitespace is
 * tolerated). Refuses anything that would silently load a wrong model: a wrong value count, NaN or Inf, non-numeric text.
 */
public final class CsvTensorReader {
    private CsvTensorReader() {}

    public static float[] read(Path file, TensorSpec spec) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return parse(file, bytes, spec);
    }

    static float[] parse(Path file, byte[] bytes, TensorSpec spec) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        float[] values = new float[(int) Math.min(spec.size(), Integer.MAX_VALUE)];
        int count = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isSeparator(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !isSeparator(text.charAt(i))) {
                i++;
            }
            String token = text.substring(start, i);
            float v = parseToken(file, token, count);
            if (count < values.length) {
                values[count] = v;
            }
            count++;
        }
        if (count != spec.size()) {
            String why = count < spec.size() ? "truncated or the wrong tensor" : "too many values: the wrong tensor";
            throw new WeightFileException(file, "has " + count + " values but " + spec.name() + " has shape " + spec.shape()
                    + " = " + spec.size() + " values (" + why + ")");
        }
        return values;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static float parseToken(Path file, String token, int index) {
        for (int k = 0; k < token.length(); k++) {
            char c = token.charAt(k);
            boolean numeric = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            if (!numeric) {
                String lower = token.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("nan") || lower.contains("inf")) {
                    throw new WeightFileException(file, "value #" + index + " is '" + token + "' (NaN/Inf weights are refused)");
                }
                throw new WeightFileException(file, "value #" + index + " is not a number: '" + abbreviate(token) + "'");
            }
        }
        float v;
        try {
            v = Float.parseFloat(token);
        } catch (NumberFormatException e) {
            throw new WeightFileException(file, "value #" + index + " is not a number: '" + abbreviate(token) + "'");
        }
        if (!Float.isFinite(v)) {
            throw new WeightFileException(file, "value #" + index + " '" + token + "' overflows float32 (Inf is refused)");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
