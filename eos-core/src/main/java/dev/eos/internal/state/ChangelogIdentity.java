package dev.eos.internal.state;

import dev.eos.errors.EosException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Which changelog topic a store shard's local state came from: the topic id, kept in a small
 * file beside the store ({@code <task dir>/<store>.changelog-id}). A topic deleted and created
 * again under the same name has a new id, so local state from the old topic is recognised even
 * when the new topic has grown past the store's checkpoint.
 *
 * <p>Crash safety comes from the order of the writes, not from atomicity with the store: a store
 * found to belong to another topic is wiped first and only then given the new id. A crash in
 * between leaves the old id beside an empty store, which is wiped again (harmlessly) at the next
 * start. The file itself is replaced atomically.
 */
final class ChangelogIdentity {
    private static final String SUFFIX = ".changelog-id";

    private final Path file;

    ChangelogIdentity(Path taskDir, String storeName) {
        this.file = taskDir.resolve(storeName + SUFFIX);
    }

    /** The topic id recorded for the local state, if any (none for state older than this file). */
    Optional<String> recorded() {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            throw new EosException("Cannot read the changelog identity " + file + ": " + e, e);
        }
    }

    /** Records {@code topicId} as the topic the local state belongs to. */
    void record(String topicId) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, topicId, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new EosException("Cannot write the changelog identity " + file + ": " + e, e);
        }
    }
}
