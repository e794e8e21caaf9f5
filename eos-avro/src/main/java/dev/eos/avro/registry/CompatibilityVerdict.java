package dev.eos.avro.registry;

import java.util.List;

/**
 * The registry's answer to "may this schema be registered under that subject?", with the
 * registry's reasons when it says no.
 *
 * <pre>{@code
 * CompatibilityVerdict verdict = client.checkCompatibility("orders-value", v2);
 * if (!verdict.compatible()) verdict.messages().forEach(System.err::println);
 * }</pre>
 *
 * @param messages the registry's reasons (empty when compatible, or when it gave none)
 */
public record CompatibilityVerdict(boolean compatible, List<String> messages) {
    public CompatibilityVerdict {
        messages = List.copyOf(messages);
    }
}
