package dev.rabbittune.doctor.internal.probe;

import dev.rabbittune.doctor.snapshot.CertificateFacts;
import dev.rabbittune.doctor.snapshot.ListenerFacts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Reads the certificate each TLS listener presents ({@code amqp/ssl}, {@code https}, {@code stream/ssl} …): the
 * management API gives only certificate file paths, never an expiry date. The handshake accepts any certificate
 * because it only reads it; the socket is closed right after, with no application data sent.
 */
final class TlsProbe {

    private static final int TIMEOUT_MILLIS = 5_000;

    private TlsProbe() {
    }

    /**
     * @param managementBaseUrl the API's URL: its host is used for the node the API answers from
     * @param apiNode           that node's name ({@code /api/overview} {@code node}), null when unknown
     */
    static List<CertificateFacts> certificates(String managementBaseUrl, String apiNode, List<ListenerFacts> listeners) {
        NodeHosts hosts = new NodeHosts(managementBaseUrl, apiNode);
        List<CertificateFacts> certificates = new ArrayList<>();
        for (ListenerFacts l : listeners) {
            if (l.protocol() == null || !(l.protocol().endsWith("/ssl") || l.protocol().startsWith("https"))) {
                continue;
            }
            certificates.add(read(l, hosts.hostOf(l.node())));
        }
        return certificates;
    }

    static CertificateFacts read(ListenerFacts l, String host) {
        String address = host + ":" + l.port();
        try (SSLSocket socket = (SSLSocket) readOnlyContext().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, l.port()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            // the chain expires with its first certificate to expire, an intermediate as much as the leaf
            X509Certificate first = null;
            for (Certificate c : socket.getSession().getPeerCertificates()) {
                X509Certificate x509 = (X509Certificate) c;
                if (first == null || x509.getNotAfter().before(first.getNotAfter())) {
                    first = x509;
                }
            }
            return new CertificateFacts(l.node(), l.protocol(), l.port(), address,
                    first.getSubjectX500Principal().getName(), first.getNotAfter().toInstant().toString(), null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new CertificateFacts(l.node(), l.protocol(), l.port(), address, null, null,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static SSLContext readOnlyContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // accepted: the doctor reads the certificate and sends nothing over this connection
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
