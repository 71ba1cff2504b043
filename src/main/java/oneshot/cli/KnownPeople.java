package oneshot.cli;

import java.util.regex.Pattern;
import oneshot.embed.ImageFiles;

/**
 * Who is in each image of an {@code Enroll --folder KNOWN/} run, from its path under the folder:
 * <ul>
 * <li>{@code KNOWN/<person>/...} (a subfolder per person, at any depth below it): the subfolder's name, as is;</li>
 * <li>{@code KNOWN/<file>} (a loose file, face_recognition's "known_people/obama.jpg" layout): the file name without its
 *     extension and without a trailing number with an optional separator ({@code _ - . space}), so
 *     {@code obama.jpg}, {@code obama2.jpg} and {@code obama_2.jpg} are all "obama". A name that is only digits is kept
 *     whole; a name that itself ends in digits ("r2d2") needs a subfolder.</li>
 * </ul>
 */
final class KnownPeople {
    private static final Pattern TRAILING_NUMBER = Pattern.compile("[ _.-]?\\d+$");

    private KnownPeople() {}

    /** The person of an image, given its path relative to the folder with '/' separators ({@link ImageFiles#relative}). */
    static String nameOf(String relative) {
        String folder = ImageFiles.label(relative);
        if (!folder.isEmpty()) {
            return folder;
        }
        int dot = relative.lastIndexOf('.');
        String stem = dot > 0 ? relative.substring(0, dot) : relative;
        String name = TRAILING_NUMBER.matcher(stem).replaceFirst("");
        return name.isBlank() ? stem : name;
    }
}
