package dev.eos.testkit.kafka.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker key store and a client trust store for TLS on loopback, made with the JDK's own
 * {@code keytool} (no extra dependency): one self-signed EC certificate for {@code localhost}
 * and {@code 127.0.0.1}, valid for two days, in PKCS12 files in a new temporary directory. The
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
            Path certificate = directory.resolve("broker.crt");
            stores.keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-keystore", stores.keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", stores.password, "-keypass", stores.password);
            stores.keytool("-exportcert", "-rfc", "-alias", ALIAS, "-file", certificate.toString(),
                    "-keystore", stores.keystore.toString(), "-storetype", "PKCS12", "-storepass", stores.password);
            stores.keytool("-importcert", "-alias", ALIAS, "-file", certificate.toString(),
                    "-keystore", stores.truststore.toString(), "-storetype", "PKCS12",
                    "-storepass", stores.password);
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
