package dev.eos.errors;

/**
 * The base of every exception Eos throws to users. Messages say what happened, the config key
 * or record involved, and what to do.
 */
public class EosException extends RuntimeException {
    public EosException(String message) {
        super(message);
    }

    public EosException(String message, Throwable cause) {
        super(message, cause);
    }
}
