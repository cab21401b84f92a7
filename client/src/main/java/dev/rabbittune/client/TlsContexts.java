package dev.rabbittune.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the SSL context of amqps connections from {@link NetworkOptions}' trust and key stores. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLContext create(NetworkOptions network) throws GeneralSecurityException, IOException {
        if (network.trustStore() == null && network.keyStore() == null) {
            return SSLContext.getDefault();
        }
        TrustManagerFactory trust = null;
        if (network.trustStore() != null) {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(network.trustStore(), network.trustStorePassword()));
        }
        KeyManagerFactory keys = null;
        if (network.keyStore() != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            char[] password = network.keyStorePassword() == null ? new char[0]
                    : network.keyStorePassword().toCharArray();
            keys.init(load(network.keyStore(), network.keyStorePassword()), password);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                null);
        return context;
    }

    private static KeyStore load(Path file, String password) throws GeneralSecurityException, IOException {
        String type = file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }
}
