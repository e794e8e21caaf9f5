package dev.eos.avro.registry;

/**
 * Where the schema-registry client takes its HTTP basic-auth credentials from
 * ({@code basic.auth.credentials.source}, the Confluent key and values).
 *
 * <pre>{@code
 * SchemaRegistryClientConfig.builder()
 *         .urls("https://registry:8081")
 *         .basicAuthUserInfo("svc-orders:secret")   // implies USER_INFO
 *         .build();
 * }</pre>
 */
public enum BasicAuthCredentialsSource {
    /** No credentials sent. */
    NONE,
    /** {@code basic.auth.user.info}, as {@code user:password}. */
    USER_INFO,
    /** The user info of {@code schema.registry.url}: {@code https://user:password@host:8081}. */
    URL
}
