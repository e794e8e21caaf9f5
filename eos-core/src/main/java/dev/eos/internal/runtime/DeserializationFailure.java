package dev.eos.internal.runtime;

/** The key or value of a consumed record could not be deserialized by the source's serde. */
final class DeserializationFailure extends RuntimeException {
    DeserializationFailure(String what, Throwable cause) {
        super("Could not deserialize the " + what + ": " + cause, cause);
    }
}
