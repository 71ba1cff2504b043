package oneshot.gallery;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import oneshot.UsageException;

/**
 * What a person's name may be, and how it is shown. A name is stored Unicode-normalised (NFC, so "é" typed either way is
 * one person), printable, at most {@value #MAX_LENGTH} characters; control characters, line breaks, ANSI escapes, bidi
 * overrides and invisible format characters are refused, since they could forge lines in a listing or hide the real name.
 * Names that differ only in case or in look-alike letters (Cyrillic "е" for Latin "e") share a {@link #skeleton}, so the
 * gallery can warn before a second person is created by accident.
 */
public final class PersonName {
    public static final int MAX_LENGTH = 200;

    /** Common Cyrillic and Greek letters that render like Latin ones (after lower-casing); a small part of Unicode's confusables. */
    private static final Map<Integer, Character> LOOK_ALIKES = Map.ofEntries(
            Map.entry(0x0430, 'a'), Map.entry(0x0435, 'e'), Map.entry(0x043E, 'o'), Map.entry(0x0440, 'p'),
            Map.entry(0x0441, 'c'), Map.entry(0x0443, 'y'), Map.entry(0x0445, 'x'), Map.entry(0x0456, 'i'),
            Map.entry(0x0458, 'j'), Map.entry(0x0455, 's'), Map.entry(0x0501, 'd'), Map.entry(0x04BB, 'h'),
            Map.entry(0x04CF, 'l'), Map.entry(0x0261, 'g'), Map.entry(0x03BF, 'o'), Map.entry(0x03B1, 'a'),
            Map.entry(0x03BD, 'v'), Map.entry(0x03B9, 'i'), Map.entry(0x03BA, 'k'), Map.entry(0x03C1, 'p'),
            Map.entry(0x03C4, 't'), Map.entry(0x03C7, 'x'), Map.entry(0x03C5, 'u'), Map.entry(0x0432, 'b'),
            Map.entry(0x043C, 'm'), Map.entry(0x043D, 'h'), Map.entry(0x0442, 't'), Map.entry(0x043A, 'k'));

    private PersonName() {}

    /** The name as stored (NFC), or a usage error that says what is wrong with it and where. */
    public static String validate(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new UsageException("A name must not be empty");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            throw new UsageException("A name may have at most " + MAX_LENGTH + " characters; this one has " + length);
        }
        int position = 0;
        for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
            int cp = name.codePointAt(i);
            position++;
            if (!printable(cp)) {
                throw new UsageException(String.format(Locale.ROOT, "A name must be printable: character %d is U+%04X (%s) in"
                        + " '%s'", position, cp, describe(cp), display(name)));
            }
        }
        if (!name.equals(name.strip())) {
            throw new UsageException("A name must not start or end with spaces: '" + display(name) + "'");
        }
        return name;
    }

    /** The comparison key for look-alike names: compatibility forms folded (NFKC), case folded, look-alike letters mapped. */
    public static String skeleton(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(folded.length());
        folded.codePoints().forEach(cp -> {
            Character latin = LOOK_ALIKES.get(cp);
            if (latin != null) {
                sb.append(latin.charValue());
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /**
     * The name safe for a terminal, a log or a drawn label: any non-printable character (from a gallery written before
     * names were checked) appears as {@code \\u{XXXX}} instead of acting on the output.
     */
    public static String display(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (printable(cp)) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format(Locale.ROOT, "\\u{%04X}", cp));
            }
        });
        return sb.toString();
    }

    private static boolean printable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED,
                    Character.PRIVATE_USE, Character.SURROGATE:
                return false;
            case Character.FORMAT: // bidi overrides, zero-width space, BOM: invisible; joiners are needed by some scripts
                return cp == 0x200C || cp == 0x200D;
            default:
                return true;
        }
    }

    private static String describe(int cp) {
        if (cp == 0x1B) {
            return "ESC, as in terminal escape sequences";
        }
        if (cp == '\n' || cp == '\r') {
            return "a line break";
        }
        String n = Character.getName(cp);
        return n != null ? n : "unassigned";
    }
}
