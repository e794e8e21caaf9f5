package dev.eos.state;

/**
 * One record of a store's changelog, as the store reads it when restoring.
 *
 * @param key   the key in the store's changelog format
 * @param value the value, or null for a deletion
 */
public record ChangelogEntry(byte[] key, byte[] value) {
}
