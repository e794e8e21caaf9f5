package dev.eos.testkit.registry.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The one user and password the registry accepts over HTTP basic authentication. Compares in
 * constant time; {@link #toString()} shows the user only.
 */
public final class BasicCredentials {
    private final String user;
    private final byte[] expectedHeader;

    public BasicCredentials(String user, String password) {
        this.user = user;
        this.expectedHeader = ("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    public String user() {
        return user;
    }

    boolean accepts(String authorizationHeader) {
        return authorizationHeader != null
                && MessageDigest.isEqual(expectedHeader, authorizationHeader.trim().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=****]";
    }
}
