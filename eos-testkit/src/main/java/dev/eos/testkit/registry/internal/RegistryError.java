package dev.eos.testkit.registry.internal;

/**
 * A request the registry refuses, with the Confluent Schema Registry's error code
 * ({@code 40401} subject not found, {@code 40403} schema not found, {@code 409} incompatible,
 * {@code 42201} invalid schema, ...). The HTTP status is the code's first three digits.
 */
public final class RegistryError extends RuntimeException {
    private final int errorCode;

    public RegistryError(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        int status = errorCode;
        while (status >= 1000) {
            status /= 10;
        }
        return status;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, String version) {
        return new RegistryError(40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String what) {
        return new RegistryError(40403, "Schema not found: " + what);
    }
}
