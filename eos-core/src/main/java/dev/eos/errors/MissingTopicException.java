package dev.eos.errors;

import java.util.Set;

/**
 * A topic the pipeline reads or writes does not exist. Thrown by {@code EosApp.start()}, before
 * anything is consumed; Eos does not create input, output or dead-letter topics for you.
 *
 * <pre>{@code
 * try {
 *     app.start();
 * } catch (MissingTopicException e) {
 *     admin.createTopics(...e.topics()...);
 * }
 * }</pre>
 */
public class MissingTopicException extends EosException {
    private final Set<String> topics;

    public MissingTopicException(Set<String> topics, String role) {
        super(role + " topic(s) " + topics + " do not exist. Fix: create them (e.g. kafka-topics.sh --create"
                + " --topic <name> --partitions <n>) before starting the app; Eos never auto-creates them.");
        this.topics = Set.copyOf(topics);
    }

    public Set<String> topics() {
        return topics;
    }
}
