package oneshot.pipeline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Align job's output name of each input: {@code <folders>/<stem>.png} as OpenFace's layout has it, unless two inputs
 * of one folder would share it ({@code a.jpg} and {@code a.png}, or {@code A.jpg} and {@code a.jpg} on a
 * case-insensitive disk); then each of them keeps its whole file name, {@code a.jpg.png} and {@code a.png.png}, and a
 * name still taken gets {@code ~2}, {@code ~3}... in input order. No two inputs share a crop.
 */
final class CropNames {
    private CropNames() {}

    /** Relative input path to relative crop path, for every input. */
    static Map<String, String> assign(List<String> inputs) {
        Map<String, Integer> stems = new HashMap<>();
        for (String in : inputs) {
            stems.merge(key(plain(in)), 1, Integer::sum);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Boolean> taken = new HashMap<>();
        for (String in : inputs) {
            String name = stems.get(key(plain(in))) > 1 ? in + ".png" : plain(in);
            String base = name.substring(0, name.length() - ".png".length());
            for (int n = 2; taken.containsKey(key(name)); n++) {
                name = base + "~" + n + ".png";
            }
            taken.put(key(name), true);
            out.put(in, name);
        }
        return out;
    }

    private static String plain(String relative) {
        return relative.replaceAll("\\.[^./]+$", "") + ".png";
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
