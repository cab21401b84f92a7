package dev.rabbittune.monitor;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Basic auth against a web config's bcrypt hashes. A bcrypt check costs tens of milliseconds by design, and
 * Prometheus sends the same credentials every scrape, so a pair that passed is remembered (by its SHA-256, never
 * the password itself), as the exporter toolkit does; a user not in the file is checked against a dummy hash so an
 * answer's time does not tell which names exist.
 */
final class BcryptUsers extends BasicAuthenticator {

    private final Map<String, String> hashes;
    private final Map<String, String> headers;
    private final Set<String> passed = ConcurrentHashMap.newKeySet();
    /** At the costliest configured cost, so an unknown name takes as long as the slowest known one. */
    private final String dummy;

    BcryptUsers(Map<String, String> hashes) {
        this(hashes, Map.of());
    }

    /** @param headers the web config's response headers, on a 401 too (the exporter toolkit sets them first) */
    BcryptUsers(Map<String, String> hashes, Map<String, String> headers) {
        super("rabbittune monitor", StandardCharsets.UTF_8);
        this.hashes = Map.copyOf(hashes);
        this.headers = Map.copyOf(headers);
        int cost = hashes.values().stream().mapToInt(h -> Integer.parseInt(h.substring(4, 6))).max().orElse(10);
        this.dummy = OpenBSDBCrypt.generate("rabbittune".toCharArray(), new byte[16], cost);
    }

    @Override
    public Result authenticate(com.sun.net.httpserver.HttpExchange exchange) {
        Result result = super.authenticate(exchange);
        if (!(result instanceof Success)) {
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        return result;
    }

    @Override
    public boolean checkCredentials(String user, String password) {
        String hash = hashes.get(user);
        String remembered = digest(user, hash, password);
        if (hash != null && passed.contains(remembered)) {
            return true;
        }
        boolean valid = OpenBSDBCrypt.checkPassword(hash == null ? dummy : hash, password.toCharArray());
        if (valid && hash != null) {
            passed.add(remembered);
            return true;
        }
        return false;
    }

    private static String digest(String user, String hash, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {user, String.valueOf(hash), password}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
