package oneshot.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import oneshot.Gallery;
import oneshot.OneShot;
import oneshot.gallery.GalleryLocation;

/**
 * The galleries the server holds, by name: {@code default} is the file {@code Serve --gallery} names (created at start),
 * every other gallery {@code NAME} is the file {@code NAME.gallery} in the same folder. A default gallery in PostgreSQL
 * ({@code --gallery jdbc:postgresql://...}, shared by several servers, kept current through its change feed) has no folder,
 * so such a server has only {@code default}. Each is opened once, through
 * the facade, and kept open; a gallery built with another model is refused by the facade (409 to the caller), since a
 * gallery never mixes models.
 */
final class Galleries implements AutoCloseable {
    static final String DEFAULT = "default";
    static final String SUFFIX = ".gallery";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final OneShot oneShot;
    private final Path defaultFile; // null for a database gallery
    private final Path folder; // null for a database gallery
    private final Map<String, Gallery> open = new ConcurrentHashMap<>();

    Galleries(OneShot oneShot, String defaultGallery) throws IOException {
        this.oneShot = oneShot;
        GalleryLocation location = GalleryLocation.parse(defaultGallery);
        if (location.isDatabase()) {
            this.defaultFile = null;
            this.folder = null;
            open.put(DEFAULT, oneShot.gallery(defaultGallery)); // refuses at start a gallery of another model
            return;
        }
        this.defaultFile = location.file().toAbsolutePath().normalize();
        this.folder = this.defaultFile.getParent();
        Files.createDirectories(folder);
        open.put(DEFAULT, oneShot.gallery(this.defaultFile)); // refuses at start a default gallery of another model
    }

    /** Every gallery name: {@code default}, then the other {@code *.gallery} files of the folder, sorted. */
    List<String> names() {
        List<String> names = new ArrayList<>(List.of(DEFAULT));
        if (folder == null) {
            return names;
        }
        try (Stream<Path> s = Files.list(folder)) {
            s.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(SUFFIX))
                    .map(f -> f.substring(0, f.length() - SUFFIX.length()))
                    .filter(n -> NAME.matcher(n).matches() && !n.equals(DEFAULT) && !file(n).equals(defaultFile))
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the gallery folder " + folder + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** The open gallery; 404 when there is none of that name, 409 (from the facade) when it holds another model's vectors. */
    Gallery get(String name) {
        Gallery g = open.get(requireName(name));
        if (g != null) {
            return g;
        }
        if (folder == null || !Files.isRegularFile(file(name))) {
            throw ApiException.notFound("No gallery named '" + name + "' (GET /api/v1/galleries lists them; POST"
                    + " /api/v1/galleries creates one)");
        }
        return open.computeIfAbsent(name, n -> oneShot.existingGallery(file(n)));
    }

    /** Creates an empty gallery file; 409 when the name is taken. */
    synchronized Gallery create(String name) {
        requireName(name);
        if (name.equals(DEFAULT) || (folder != null && Files.exists(file(name)))) {
            throw ApiException.conflict("A gallery named '" + name + "' exists already");
        }
        if (folder == null) {
            throw ApiException.conflict("This server's gallery is a PostgreSQL database: it has only the default gallery"
                    + " (another gallery is another schema, served by a server of its own)");
        }
        return open.computeIfAbsent(name, n -> oneShot.gallery(file(n)));
    }

    /** The model a gallery's file was built with, read without opening it for use (also for another model's gallery). */
    java.util.Optional<String> modelOf(String name) {
        Gallery g = open.get(name);
        return g != null ? g.modelId() : OneShot.galleryModel(file(name));
    }

    private Path file(String name) {
        return name.equals(DEFAULT) ? defaultFile : folder.resolve(name + SUFFIX);
    }

    private static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("A gallery name is 1 to 64 letters, digits, '-' or '_' starting with a letter or"
                    + " digit; got '" + name + "'");
        }
        return name;
    }

    @Override
    public void close() {
        open.values().forEach(Gallery::close);
        open.clear();
    }
}
