package oneshot.gallery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a set of gallery rows holds, independent of their order: the people, the number of vectors, and the sum (per
 * 64-bit lane, modulo 2^64) of each row's SHA-256 over name, model, vector bytes, source hash, box and times. Two
 * galleries that sort names differently (SQLite's byte order, a PostgreSQL collation) still compare equal.
 */
public final class GalleryChecksum {
    private final Set<String> names = new HashSet<>();
    private final long[] lanes = new long[4];
    private long vectors;

    public void add(GalleryStore.Row r) {
        MessageDigest sha = sha256();
        for (String s : new String[] {r.name(), r.identityCreatedAt(), r.modelId(), r.sourceSha256(), r.enrolledAt()}) {
            sha.update(s.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        sha.update(ByteBuffer.allocate(4 + 4 * 8).putInt(r.dim()).putDouble(r.box().x()).putDouble(r.box().y())
                .putDouble(r.box().width()).putDouble(r.box().height()).array());
        sha.update(r.vector());
        ByteBuffer digest = ByteBuffer.wrap(sha.digest());
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] += digest.getLong();
        }
        names.add(r.name());
        vectors++;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Set<String> names() {
        return names;
    }

    public int people() {
        return names.size();
    }

    public long vectors() {
        return vectors;
    }

    /** The summed digest, hex. */
    public String hex() {
        StringBuilder sb = new StringBuilder();
        for (long l : lanes) {
            sb.append(String.format(Locale.ROOT, "%016x", l));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GalleryChecksum c && c.vectors == vectors && c.names.equals(names)
                && java.util.Arrays.equals(c.lanes, lanes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(lanes);
    }

    @Override
    public String toString() {
        return people() + " people, " + vectors + " vectors, checksum " + hex().substring(0, 16);
    }
}
