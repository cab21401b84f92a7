package dev.rabbittune.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rabbittune.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web configuration file Prometheus exporters share ({@code --web.config.file}, prometheus/exporter-toolkit
 * docs/web-configuration.md): TLS for {@code /metrics}, bcrypt-hashed basic-auth users and response headers. The
 * keys this exporter cannot honour ({@code cipher_suites}, {@code curve_preferences}, {@code client_allowed_sans},
 * {@code rate_limit}, client-auth types other than none and verify) are refused rather than ignored: a security
 * setting that silently does nothing is worse than an error. The file is read once, at start.
 *
 * @param tls      null: plain HTTP
 * @param users    user name to bcrypt hash; empty: no authentication
 * @param headers  added to every response
 */
record WebConfig(Tls tls, Map<String, String> users, Map<String, String> headers) {

    /** No file: plain HTTP, no authentication. */
    static final WebConfig NONE = new WebConfig(null, Map.of(), Map.of());

    /** The forms of a bcrypt hash the Go and OpenBSD implementations write: $2a$, $2b$, $2y$, cost 04-31. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private static final List<String> HEADERS = List.of("Content-Security-Policy", "X-Frame-Options",
            "X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security");

    /**
     * The TLS settings, PEM as files or inline.
     *
     * @param clientCa null: no client certificates asked for (NoClientCert); else RequireAndVerifyClientCert
     */
    record Tls(String certPem, String keyPem, String clientCa, String minVersion, String maxVersion) {
    }

    record Written(@JsonProperty("tls_server_config") WrittenTls tls,
            @JsonProperty("http_server_config") WrittenHttp http,
            @JsonProperty("basic_auth_users") Map<String, String> users) {
    }

    record WrittenTls(String cert, String key, @JsonProperty("client_ca") String clientCa,
            @JsonProperty("cert_file") String certFile, @JsonProperty("key_file") String keyFile,
            @JsonProperty("client_auth_type") String clientAuthType,
            @JsonProperty("client_ca_file") String clientCaFile,
            @JsonProperty("min_version") String minVersion, @JsonProperty("max_version") String maxVersion,
            @JsonProperty("prefer_server_cipher_suites") Boolean preferServerCipherSuites) {
    }

    record WrittenHttp(Boolean http2, Map<String, String> headers) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads and checks {@code file}; every mistake is one line naming the file (a BadInputException). */
    static WebConfig load(Path file) {
        String source = "web config " + file;
        Written written;
        try {
            written = YAML.readValue(Files.readString(file, StandardCharsets.UTF_8), Written.class);
        } catch (NoSuchFileException e) {
            throw new BadInputException(source + " not found");
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(source + ": '" + e.getPropertyName() + "' is not supported here",
                    "supported: tls_server_config (cert[_file], key[_file], client_auth_type NoClientCert or "
                            + "RequireAndVerifyClientCert, client_ca[_file], min_version, max_version), "
                            + "http_server_config.headers, basic_auth_users", null);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException("cannot read " + source + ": " + e.getMessage());
        }
        if (written == null) {
            return NONE;
        }
        Map<String, String> users = written.users() == null ? Map.of() : new java.util.LinkedHashMap<>(written.users());
        users.forEach((user, hash) -> {
            if (user.isEmpty() || user.contains(":")) {
                throw new BadInputException(source + ": basic_auth_users: a user name must be non-empty and "
                        + "without ':'");
            }
            if (hash == null || !BCRYPT.matcher(hash).matches()) {
                throw new BadInputException(source + ": basic_auth_users: the hash of '" + user + "' is not a bcrypt "
                        + "hash", "make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n'", null);
            }
        });
        Tls tls = tls(written.tls(), file, source);
        if (tls != null && tls.minVersion().equals("TLS13") && tls.maxVersion().equals("TLS12")) {
            throw new BadInputException(source + ": min_version TLS13 is above max_version TLS12");
        }
        return new WebConfig(tls, Map.copyOf(users), headers(written.http(), source));
    }

    private static Tls tls(WrittenTls written, Path file, String source) {
        if (written == null) {
            return null;
        }
        String cert = pem(written.cert(), written.certFile(), "cert", file, source);
        String key = pem(written.key(), written.keyFile(), "key", file, source);
        if (cert == null || key == null) {
            throw new BadInputException(source + ": tls_server_config needs a certificate and its key (cert_file "
                    + "and key_file, or cert and key)");
        }
        String authType = written.clientAuthType() == null ? "NoClientCert" : written.clientAuthType();
        String clientCa = pem(written.clientCa(), written.clientCaFile(), "client_ca", file, source);
        switch (authType) {
            case "NoClientCert" -> {
                if (clientCa != null) {
                    throw new BadInputException(source + ": client_ca_file is set but client_auth_type is "
                            + "NoClientCert", "set client_auth_type: RequireAndVerifyClientCert", null);
                }
            }
            case "RequireAndVerifyClientCert" -> {
                if (clientCa == null) {
                    throw new BadInputException(source + ": RequireAndVerifyClientCert needs client_ca_file");
                }
            }
            default -> throw new BadInputException(source + ": client_auth_type " + authType + " is not supported "
                    + "here", "NoClientCert or RequireAndVerifyClientCert (the others do not verify the "
                    + "certificate)", null);
        }
        return new Tls(cert, key, clientCa, tlsVersion(written.minVersion(), "TLS12", source),
                tlsVersion(written.maxVersion(), "TLS13", source));
    }

    private static String pem(String inline, String fileName, String key, Path config, String source) {
        if (inline != null && fileName != null) {
            throw new BadInputException(source + ": give " + key + " or " + key + "_file, not both");
        }
        if (fileName == null) {
            return inline;
        }
        // a relative path is the exporter toolkit's too: from the config file's directory
        Path path = config.toAbsolutePath().getParent().resolve(fileName);
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read " + key + "_file " + path + ": "
                    + e.getClass().getSimpleName().replace("Exception", ""));
        }
    }

    private static String tlsVersion(String written, String otherwise, String source) {
        String version = written == null ? otherwise : written;
        if (!List.of("TLS12", "TLS13").contains(version)) {
            throw new BadInputException(source + ": TLS version " + version + " is not supported", "TLS12 or TLS13",
                    null);
        }
        return version;
    }

    private static Map<String, String> headers(WrittenHttp http, String source) {
        if (http == null || http.headers() == null) {
            return Map.of();
        }
        for (String name : http.headers().keySet()) {
            if (!HEADERS.contains(name)) {
                throw new BadInputException(source + ": header " + name + " is not one the format allows",
                        String.join(", ", HEADERS), null);
            }
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>(http.headers());
        headers.values().removeIf(value -> value == null || value.isBlank());
        return Map.copyOf(headers);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
