package oneshot.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import oneshot.io.AtomicFiles;
import oneshot.io.JsonErrors;

/**
 * The server's API keys, one per {@link Role}, kept only as salted SHA-256 hashes (in memory and in the key file beside
 * the gallery); a presented key is hashed with each role's salt and compared with {@link MessageDigest#isEqual}, which
 * takes the same time wherever the bytes differ. Every role is checked, so the time does not tell which role matched.
 */
public final class ApiKeys {
    /** Beside the default gallery: the hashes of the keys the server generated or was given. */
    public static final String FILE = "server-keys.json";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /** One role's salt and the hash of salt + key. */
    record Hashed(byte[] salt, byte[] sha256) {
        static Hashed of(String key) {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            return new Hashed(salt, hash(salt, key));
        }

        boolean matches(String key) {
            return MessageDigest.isEqual(sha256, hash(salt, key));
        }
    }

    private final Map<Role, Hashed> keys;

    private ApiKeys(Map<Role, Hashed> keys) {
        this.keys = new EnumMap<>(keys);
    }

    /** Hashes the given plain keys (the plain text is not kept). */
    public static ApiKeys of(Map<Role, String> plain) {
        Map<Role, Hashed> m = new EnumMap<>(Role.class);
        plain.forEach((role, key) -> m.put(role, Hashed.of(requireUsable(key, role.id() + " key"))));
        return new ApiKeys(m);
    }

    /** A new random key: 32 bytes, URL-safe Base64 (43 characters). */
    public static String newKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The role of the presented key, or empty when it is none of them. */
    public Optional<Role> roleOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        Role found = null;
        for (Map.Entry<Role, Hashed> e : keys.entrySet()) { // every role, matched or not: no early exit
            if (e.getValue().matches(presented) && (found == null || e.getKey() == Role.ADMIN)) {
                found = e.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    /** True when this role has a key. */
    public boolean has(Role role) {
        return keys.containsKey(role);
    }

    /** The same keys with {@code role}'s replaced by the hash of {@code key}. */
    public ApiKeys with(Role role, String key) {
        Map<Role, Hashed> m = new EnumMap<>(keys);
        m.put(role, Hashed.of(requireUsable(key, role.id() + " key")));
        return new ApiKeys(m);
    }

    /** Writes the hashes (never a key) owner-only, through a temp file and a rename. */
    public void save(Path file) throws IOException {
        JsonArray list = new JsonArray();
        keys.forEach((role, h) -> {
            JsonObject o = new JsonObject();
            o.addProperty("role", role.id());
            o.addProperty("salt", HEX.formatHex(h.salt()));
            o.addProperty("sha256", HEX.formatHex(h.sha256()));
            list.add(o);
        });
        JsonObject root = new JsonObject();
        root.addProperty("format", "oneshot-api-keys/1");
        root.addProperty("hash", "sha256(salt || utf8(key))");
        root.add("keys", list);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        AtomicFiles.writePrivate(file, Json.text(root).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a key file written by {@link #save}; a clear error naming the file otherwise. */
    public static ApiKeys load(Path file) throws IOException {
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IOException(file + ": " + JsonErrors.describe(e));
        }
        Map<Role, Hashed> m = new EnumMap<>(Role.class);
        try {
            for (JsonElement e : root.getAsJsonObject().getAsJsonArray("keys")) {
                JsonObject o = e.getAsJsonObject();
                Role role = Role.valueOf(o.get("role").getAsString().toUpperCase(java.util.Locale.ROOT));
                m.put(role, new Hashed(HEX.parseHex(o.get("salt").getAsString()), HEX.parseHex(o.get("sha256").getAsString())));
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a OneShot key file (expected {\"keys\": [{\"role\", \"salt\", \"sha256\"}]}): "
                    + e.getMessage());
        }
        return new ApiKeys(m);
    }

    /** Reads a key from a file the user keeps (its first line, trimmed). */
    public static String readKeyFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int nl = text.indexOf('\n');
        return requireUsable(nl < 0 ? text : text.substring(0, nl).strip(), "the key in " + file);
    }

    private static String requireUsable(String key, String what) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException(what + " must be at least 16 characters (a generated key has 43)");
        }
        return key;
    }

    private static byte[] hash(byte[] salt, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            md.update(key.getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
