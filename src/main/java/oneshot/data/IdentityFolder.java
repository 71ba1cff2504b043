package oneshot.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A face dataset laid out as {@code <root>/<identity>/<image>}: one folder per person.
 *
 * <p>Identities are sorted by folder name and images by file name, so the index of an image and the label of an
 * identity are the same on every machine (the order {@code ImageFolder} of DJL uses for its labels too).
 * Files that are not images (by extension) are ignored; folders without images are ignored.
 */
public final class IdentityFolder {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private final Path root;
    private final List<String> identities;
    private final List<Path> images;
    private final int[] labels;

    private IdentityFolder(Path root, List<String> identities, List<Path> images, int[] labels) {
        this.root = root;
        this.identities = Collections.unmodifiableList(identities);
        this.images = Collections.unmodifiableList(images);
        this.labels = labels;
    }

    /** Scans every identity folder under {@code root}. */
    public static IdentityFolder scan(Path root) throws IOException {
        return scan(root, null);
    }

    /** Scans only the identity folders named in {@code keep} (all when null); a missing named folder is an error. */
    public static IdentityFolder scan(Path root, Collection<String> keep) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("Dataset folder " + root + " does not exist or is not a directory"
                    + " (expected <root>/<identity>/<image>)");
        }
        List<String> names = new ArrayList<>();
        if (keep == null) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(names::add);
            }
        } else {
            for (String name : keep) {
                if (!Files.isDirectory(root.resolve(name))) {
                    throw new IOException("Identity folder " + root.resolve(name) + " named in the split does not exist");
                }
                names.add(name);
            }
        }
        Collections.sort(names);
        List<String> identities = new ArrayList<>();
        List<Path> images = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        for (String name : names) {
            List<Path> files;
            try (Stream<Path> s = Files.list(root.resolve(name))) {
                files = s.filter(Files::isRegularFile).filter(IdentityFolder::isImage).sorted().toList();
            }
            if (files.isEmpty()) {
                continue;
            }
            int label = identities.size();
            identities.add(name);
            for (Path f : files) {
                images.add(f);
                labelList.add(label);
            }
        }
        if (images.isEmpty()) {
            throw new IOException("Dataset folder " + root + " holds no images in <identity>/<image> layout");
        }
        return new IdentityFolder(root, identities, images, labelList.stream().mapToInt(Integer::intValue).toArray());
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    public Path root() { return root; }

    /** Identity names; the label of an image is an index into this list. */
    public List<String> identities() { return identities; }

    public List<Path> images() { return images; }

    public int size() { return images.size(); }

    public Path image(int index) { return images.get(index); }

    public int label(int index) { return labels[index]; }

    /** A copy of the label of every image, by image index. */
    public int[] labels() { return labels.clone(); }

    /** Image path relative to the root, {@code identity/file}: stable across machines, used as a cache key. */
    public String relativeName(int index) {
        return root.relativize(images.get(index)).toString().replace('\\', '/');
    }
}
