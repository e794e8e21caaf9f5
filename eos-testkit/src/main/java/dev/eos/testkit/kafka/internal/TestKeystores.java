package dev.eos.testkit.kafka.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker key store and a client trust store for TLS on loopback, made with the JDK's own
 * {@code keytool} (no extra dependency): one self-signed EC certificate for {@code localhost}
 * and {@code 127.0.0.1}, valid for two days, in PKCS12 files in a new temporary directory; the
 * trust store holds that certificate. The
 * password is random per instance and never logged.
 */
public final class TestKeystores {
    private static final String ALIAS = "eos-embedded-broker";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final Path keystore;
    private final Path truststore;
    private final String password;

    private TestKeystores(Path directory, String password) {
        this.directory = directory;
        this.keystore = directory.resolve("broker.p12");
        this.truststore = directory.resolve("truststore.p12");
        this.password = password;
    }

    /**
     * Creates the stores.
     *
     * @throws IOException if keytool is missing or fails; its output is in the message
     */
    public static TestKeystores create() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("eos-kafka-tls-");
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        TestKeystores stores = new TestKeystores(directory, HexFormat.of().formatHex(random));
        try {
            stores.keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore", stores.keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", stores.password, "-keypass", stores.password);
            stores.writeTruststore();
            return stores;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stores.delete();
            throw e;
        }
    }

    /** The broker's key store (PKCS12), its password is {@link #password()}. */
    public Path keystore() {
        return keystore;
    }

    /** The trust store clients use (PKCS12), its password is {@link #password()}. */
    public Path truststore() {
        return truststore;
    }

    /** The password of both stores and of the key. */
    public String password() {
        return password;
    }

    /** Deletes the directory and the stores in it. */
    public void delete() {
        KraftTestKitBackend.deleteRecursively(directory);
    }

    /**
     * The trust store holds the broker's certificate alone. Copied with the {@link KeyStore} API
     * (what {@code keytool -exportcert} and {@code -importcert} would do, a JVM start each).
     */
    private void writeTruststore() throws IOException {
        char[] secret = password.toCharArray();
        try {
            KeyStore brokerStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                brokerStore.load(in, secret);
            }
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, secret);
            trustStore.setCertificateEntry(ALIAS, brokerStore.getCertificate(ALIAS));
            try (OutputStream out = Files.newOutputStream(truststore)) {
                trustStore.store(out, secret);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Could not write the trust store " + truststore + ": " + e, e);
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-noprompt");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool " + args[0] + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed with exit code " + process.exitValue() + ": "
                    + output.replace(password, "[hidden]"));
        }
    }

    @Override
    public String toString() {
        return "TestKeystores[" + directory + "]";
    }
}
