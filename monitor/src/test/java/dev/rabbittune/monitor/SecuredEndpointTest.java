package dev.rabbittune.monitor;

import dev.rabbittune.testing.NeedsBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rabbittune.testing.NeedsTools;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} behind a web config, scraped by the OS package's Prometheus over TLS: with the right basic-auth
 * password and with a client certificate it gets the figures; with a wrong password or no certificate it does not.
 */
@NeedsBroker
@NeedsTools
class SecuredEndpointTest {

    @TempDir
    static Path folder;

    private static MetricsEndpoint withPassword;
    private static MetricsEndpoint withClientCertificate;
    private static TestPrometheus prometheus;
    private static TestCertificates certificates;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.in(folder);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gauge.builder("rabbittune.test.value", () -> 42).register(registry);
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        withPassword = MetricsEndpoint.start(loopback, registry, WebConfig.load(write("password.yml", """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                http_server_config:
                  headers:
                    X-Content-Type-Options: nosniff
                basic_auth_users:
                  prom: %s
                """.formatted(WebConfigTest.HTPASSWD_HASH))));
        withClientCertificate = MetricsEndpoint.start(loopback, registry, WebConfig.load(write("mtls.yml", """
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.crt
                """)));
        prometheus = TestPrometheus.start(folder, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: password
                    scheme: https
                    tls_config: {ca_file: ca.crt}
                    basic_auth: {username: prom, password: '%2$s'}
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                  - job_name: wrong-password
                    scheme: https
                    tls_config: {ca_file: ca.crt}
                    basic_auth: {username: prom, password: 'not-it'}
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                  - job_name: client-certificate
                    scheme: https
                    tls_config: {ca_file: ca.crt, cert_file: client.crt, key_file: client.key}
                    static_configs: [{targets: ['127.0.0.1:%3$d']}]
                  - job_name: no-client-certificate
                    scheme: https
                    tls_config: {ca_file: ca.crt}
                    static_configs: [{targets: ['127.0.0.1:%3$d']}]
                """.formatted(withPassword.address().getPort(), WebConfigTest.HTPASSWD_PASSWORD,
                withClientCertificate.address().getPort()));
    }

    private static Path write(String name, String text) throws Exception {
        Path file = folder.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (withPassword != null) {
            withPassword.close();
        }
        if (withClientCertificate != null) {
            withClientCertificate.close();
        }
    }

    @Test
    void prometheusScrapesWithThePasswordOrTheCertificateAndNotWithout() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                prometheus.query("up").path("data").path("result").size() == 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> prometheus.sum("up{job=\"password\"}") == 1
                && prometheus.sum("up{job=\"client-certificate\"}") == 1);
        assertThat(prometheus.sum("rabbittune_test_value{job=\"password\"}")).isEqualTo(42);
        assertThat(prometheus.sum("rabbittune_test_value{job=\"client-certificate\"}")).isEqualTo(42);
        assertThat(prometheus.sum("up{job=\"wrong-password\"}")).isZero();
        assertThat(prometheus.sum("up{job=\"no-client-certificate\"}")).isZero();
        // Prometheus says why: the status the exporter answered, and the handshake it refused
        assertThat(prometheus.get("/api/v1/targets").toString()).contains("401").contains("certificate");
    }

    @Test
    void withoutCredentialsTheAnswerIs401WithItsChallengeAndTheHeaders() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificates.ca())).build();
        URI metrics = URI.create("https://127.0.0.1:" + withPassword.address().getPort() + "/metrics");

        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> authorised = client.send(HttpRequest.newBuilder(metrics).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("prom:" + WebConfigTest.HTPASSWD_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("X-Content-Type-Options")).as("on a 401 too").hasValue("nosniff");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Basic realm="));
        assertThat(authorised.statusCode()).isEqualTo(200);
        assertThat(authorised.body()).contains("rabbittune_test_value 42.0");
        assertThat(authorised.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        // plain HTTP to the TLS port gets no metrics
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + withPassword.address().getPort() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var in = Files.newInputStream(ca)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
