package dev.rabbittune.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate, made by the OS's openssl in the key forms
 * exporters are given: the server's key SEC1 EC ("EC PRIVATE KEY"), the client's PKCS#1 RSA ("RSA PRIVATE
 * KEY"), the CA's PKCS#8.
 */
record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey, Path otherKey) {

    static TestCertificates in(Path folder) throws IOException, InterruptedException {
        Files.writeString(folder.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(folder.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-subj", "/CN=rabbittune test CA", "-days", "2");
        openssl(folder, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "server.key");
        openssl(folder, "req", "-new", "-key", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        openssl(folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
        openssl(folder, "genrsa", "-traditional", "-out", "client.key", "2048");
        openssl(folder, "req", "-new", "-key", "client.key", "-out", "client.csr", "-subj", "/CN=prometheus");
        openssl(folder, "x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.crt", "-days", "2", "-extfile", "client.ext");
        openssl(folder, "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "other.key");
        return new TestCertificates(folder.resolve("ca.crt"), folder.resolve("server.crt"),
                folder.resolve("server.key"), folder.resolve("client.crt"), folder.resolve("client.key"),
                folder.resolve("other.key"));
    }

    private static void openssl(Path folder, String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Tools.Run run = Tools.run(folder, command);
        if (run.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + run.output());
        }
    }
}
