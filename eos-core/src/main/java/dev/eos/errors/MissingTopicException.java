package dev.eos.errors;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Topics the pipeline reads or writes do not exist. Thrown by {@code EosApp.start()}, before
 * anything is consumed, naming every missing topic at once, by kind (source, output,
 * dead-letter); Eos does not create input, output or dead-letter topics for you.
 *
 * <pre>{@code
 * try {
 *     app.start();
 * } catch (MissingTopicException e) {
 *     e.topicsByKind().forEach((kind, topics) -> log.error("missing {} topics: {}", kind, topics));
 * }
 * }</pre>
 */
public class MissingTopicException extends EosException {
    private final Map<String, Set<String>> topicsByKind;
    private final Set<String> topics;

    /** Topics of one kind, e.g. {@code "Source"}. */
    public MissingTopicException(Set<String> topics, String kind) {
        this(Map.of(kind, topics));
    }

    /**
     * @param topicsByKind the missing topics by kind ({@code "Source"}, {@code "Output"},
     *     {@code "Dead-letter (dead.letter.topic)"}), in the order to report them; kinds with no
     *     missing topic are left out of the message
     */
    public MissingTopicException(Map<String, Set<String>> topicsByKind) {
        super(message(topicsByKind));
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        topicsByKind.forEach((kind, topics) -> {
            if (!topics.isEmpty()) {
                copy.put(kind, Set.copyOf(topics));
                all.addAll(topics);
            }
        });
        this.topicsByKind = java.util.Collections.unmodifiableMap(copy);
        this.topics = java.util.Collections.unmodifiableSet(all);
    }

    private static String message(Map<String, Set<String>> topicsByKind) {
        String missing = topicsByKind.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + " topic(s) " + e.getValue())
                .collect(Collectors.joining("; "));
        return missing + " do not exist. Fix: create them (e.g. kafka-topics.sh --create --topic <name>"
                + " --partitions <n>) before starting the app; Eos never auto-creates them.";
    }

    /** Every missing topic, of every kind. */
    public Set<String> topics() {
        return topics;
    }

    /** The missing topics by kind ({@code "Source"}, {@code "Output"}, {@code "Dead-letter (dead.letter.topic)"}). */
    public Map<String, Set<String>> topicsByKind() {
        return topicsByKind;
    }
}
