package dev.eos.avro.registry.internal;

import dev.eos.avro.registry.SchemaRegistryClientConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/** Builds the {@link SSLContext} for {@code schema.registry.ssl.*}; null when none is configured. */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SSLContext from(SchemaRegistryClientConfig config) {
        if (config.truststore().isEmpty() && config.keystore().isEmpty()) {
            return null;
        }
        try {
            TrustManagerFactory tmf = null;
            if (config.truststore().isPresent()) {
                KeyStore trust = load(config.truststore().get(), SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (config.keystore().isPresent()) {
                SchemaRegistryClientConfig.Store store = config.keystore().get();
                KeyStore keys = load(store, SchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION);
                String keyPassword = config.keyPassword().orElse(store.password());
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, keyPassword == null ? new char[0] : keyPassword.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("Cannot set up TLS for the schema registry from " + config.truststore().orElse(null)
                    + " / " + config.keystore().orElse(null) + ": " + e.getClass().getSimpleName()
                    + "; check schema.registry.ssl.* (locations, types, passwords)");
        }
    }

    private static KeyStore load(SchemaRegistryClientConfig.Store store, String key) throws Exception {
        if (!Files.isReadable(store.location())) {
            throw new ConfigException(key + "=" + store.location() + " is not a readable file; give the path of a "
                    + store.type() + " store");
        }
        KeyStore ks = KeyStore.getInstance(store.type());
        try (InputStream in = Files.newInputStream(store.location())) {
            ks.load(in, store.password() == null ? null : store.password().toCharArray());
        } catch (java.io.IOException e) {
            throw new ConfigException(key + "=" + store.location() + " cannot be read as " + store.type()
                    + " (wrong password or type?); check its password and "
                    + key.replace(".location", ".type"));
        }
        return ks;
    }
}
