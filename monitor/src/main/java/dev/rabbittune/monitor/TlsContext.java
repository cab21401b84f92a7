package dev.rabbittune.monitor;

import dev.rabbittune.core.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** The JDK's TLS context for a web config's PEM certificate, key and client CA; mistakes are said at start. */
final class TlsContext {

    private TlsContext() {
    }

    static SSLContext of(WebConfig.Tls tls) {
        try {
            List<X509Certificate> chain = certificates(tls.certPem(), "cert");
            PrivateKey key = privateKey(tls.keyPem());
            checkPair(key, chain.get(0));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] none = new char[0];
            keys.setKeyEntry("server", key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, none);
            javax.net.ssl.TrustManager[] trust = null;
            if (tls.clientCa() != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int i = 0;
                for (X509Certificate ca : certificates(tls.clientCa(), "client_ca")) {
                    cas.setCertificateEntry("ca-" + i++, ca);
                }
                TrustManagerFactory trustManagers =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(cas);
                trust = trustManagers.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trust, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new BadInputException("web config: cannot set up TLS: " + e.getMessage());
        }
    }

    /** What a connection negotiates: the configured versions, and a client certificate when a CA is given. */
    static SSLParameters parameters(SSLContext context, WebConfig.Tls tls) {
        List<String> all = List.of("TLSv1.2", "TLSv1.3");
        int from = tls.minVersion().equals("TLS13") ? 1 : 0;
        int to = tls.maxVersion().equals("TLS12") ? 1 : 2; // WebConfig.load refuses from >= to
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(all.subList(from, to).toArray(new String[0]));
        parameters.setNeedClientAuth(tls.clientCa() != null);
        return parameters;
    }

    private static List<X509Certificate> certificates(String pem, String what) throws GeneralSecurityException {
        List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                .map(X509Certificate.class::cast).toList();
        if (certificates.isEmpty()) {
            throw new BadInputException("web config: " + what + " holds no PEM certificate");
        }
        return certificates;
    }

    private static PrivateKey privateKey(String pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        Object first = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            // the first key in the file: openssl ecparam -genkey writes an EC PARAMETERS block before it
            for (Object parsed = parser.readObject(); parsed != null; parsed = parser.readObject()) {
                if (parsed instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (parsed instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                first = first == null ? parsed : first;
            }
        }
        throw new BadInputException("web config: key holds no unencrypted PEM private key"
                + (first == null ? "" : " (found " + first.getClass().getSimpleName() + ")"));
    }

    /** A key that is not the certificate's would only fail at the first scrape's handshake: sign and verify now. */
    private static void checkPair(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "rabbittune".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new BadInputException("web config: the key is not the certificate's ("
                    + certificate.getSubjectX500Principal().getName() + ")");
        }
    }
}
