package dev.rabbittune.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rabbittune.core.BadInputException;
import dev.rabbittune.testing.NeedsTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporters' web config file: what it accepts, what it refuses, and bcrypt hashes other tools write. */
@NeedsTools
class WebConfigTest {

    /** Made by Apache's htpasswd (Debian apache2-utils 2.4.68): {@code htpasswd -nbBC 10 prom 's3cret-scrape'}. */
    static final String HTPASSWD_HASH = "$2y$10$aKrdYjDrIWdrEnoK7mClr.HaSFBzweOcplvv5FCMBZRNT/1cFxxI.";
    static final String HTPASSWD_PASSWORD = "s3cret-scrape";

    @TempDir
    static Path folder;

    static TestCertificates certificates;

    @BeforeAll
    static void certificates() throws Exception {
        certificates = TestCertificates.in(folder);
    }

    private static Path config(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsTlsFilesRelativeToItselfUsersAndHeaders() throws IOException {
        WebConfig web = WebConfig.load(config("web.yml", """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.crt
                  min_version: TLS13
                http_server_config:
                  headers:
                    X-Content-Type-Options: nosniff
                basic_auth_users:
                  prom: %s
                """.formatted(HTPASSWD_HASH)));

        assertThat(web.tls().certPem()).isEqualTo(Files.readString(certificates.serverCert()));
        assertThat(web.tls().clientCa()).contains("BEGIN CERTIFICATE");
        assertThat(web.tls().minVersion()).isEqualTo("TLS13");
        assertThat(web.tls().maxVersion()).isEqualTo("TLS13");
        assertThat(web.users()).containsOnlyKeys("prom");
        assertThat(web.headers()).isEqualTo(Map.of("X-Content-Type-Options", "nosniff"));
        // the SEC1 EC key and the PKCS#1 RSA key (other form: PKCS#8) both make a context
        assertThat(TlsContext.of(web.tls()).getProtocol()).isEqualTo("TLS");
        assertThat(TlsContext.of(new WebConfig.Tls(Files.readString(certificates.clientCert()),
                Files.readString(certificates.clientKey()), null, "TLS12", "TLS13"))).isNotNull();
        // openssl ecparam -genkey without -noout writes an EC PARAMETERS block before the key
        String withParameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + Files.readString(certificates.serverKey());
        assertThat(TlsContext.of(new WebConfig.Tls(Files.readString(certificates.serverCert()), withParameters, null,
                "TLS12", "TLS13"))).isNotNull();
    }

    @Test
    void bcryptHashesFromHtpasswdAndEveryVersionPrefixVerify() {
        BcryptUsers users = new BcryptUsers(Map.of("prom", HTPASSWD_HASH,
                "go", OpenBSDBCrypt.generate("2a", "from-go".toCharArray(), new byte[16], 4),
                "bsd", OpenBSDBCrypt.generate("2b", "from-bsd".toCharArray(), new byte[16], 4)));

        assertThat(HTPASSWD_HASH).startsWith("$2y$10$");
        assertThat(users.checkCredentials("prom", HTPASSWD_PASSWORD)).isTrue();
        assertThat(users.checkCredentials("prom", HTPASSWD_PASSWORD)).as("remembered").isTrue();
        assertThat(users.checkCredentials("prom", "s3cret-scrapE")).isFalse();
        assertThat(users.checkCredentials("go", "from-go")).isTrue();
        assertThat(users.checkCredentials("bsd", "from-bsd")).isTrue();
        assertThat(users.checkCredentials("bsd", "from-go")).isFalse();
        assertThat(users.checkCredentials("nobody", HTPASSWD_PASSWORD)).isFalse();
    }

    @Test
    void refusesWhatItCannotHonourAsOneLine() throws IOException {
        assertRefused("rate.yml", "rate_limit:\n  interval: 1s\n  burst: 20\n", "'rate_limit' is not supported here");
        assertRefused("ciphers.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  cipher_suites: [TLS_AES_128_GCM_SHA256]\n", "'cipher_suites' is not supported here");
        assertRefused("hash.yml", "basic_auth_users:\n  prom: s3cret-scrape\n", "the hash of 'prom' is not a bcrypt "
                + "hash");
        assertRefused("short.yml", "basic_auth_users:\n  prom: " + HTPASSWD_HASH.substring(0, 50) + "\n",
                "is not a bcrypt hash");
        assertRefused("any.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  client_auth_type: RequireAnyClientCert\n", "client_auth_type RequireAnyClientCert is not "
                + "supported");
        assertRefused("noca.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n", "needs client_ca_file");
        assertRefused("nokey.yml", "tls_server_config:\n  cert_file: server.crt\n", "needs a certificate and its "
                + "key");
        assertRefused("missing.yml", "tls_server_config:\n  cert_file: nothere.crt\n  key_file: server.key\n",
                "cannot read cert_file");
        assertRefused("version.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  min_version: TLS10\n", "TLS version TLS10 is not supported");
        assertRefused("nohash.yml", "basic_auth_users:\n  prom:\n", "the hash of 'prom' is not a bcrypt hash");
        assertRefused("versions.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  min_version: TLS13\n  max_version: TLS12\n", "min_version TLS13 is above max_version TLS12");
        assertRefused("header.yml", "http_server_config:\n  headers:\n    Server: me\n", "header Server is not one");
        assertThatThrownBy(() -> WebConfig.load(folder.resolve("absent.yml"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsSaidAtStart() throws IOException {
        WebConfig.Tls mismatched = new WebConfig.Tls(Files.readString(certificates.serverCert()),
                Files.readString(certificates.otherKey()), null, "TLS12", "TLS13");
        assertThatThrownBy(() -> TlsContext.of(mismatched)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("the key is not the certificate's");
        WebConfig.Tls notAKey = new WebConfig.Tls(Files.readString(certificates.serverCert()),
                Files.readString(certificates.serverCert()), null, "TLS12", "TLS13");
        assertThatThrownBy(() -> TlsContext.of(notAKey)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds no unencrypted PEM private key");
    }

    private static void assertRefused(String name, String text, String fragment) throws IOException {
        Path file = config(name, text);
        assertThatThrownBy(() -> WebConfig.load(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(fragment).hasMessageStartingWith("web config " + file);
    }
}
