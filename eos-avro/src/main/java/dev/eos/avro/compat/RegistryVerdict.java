package dev.eos.avro.compat;

import java.util.List;

/**
 * What a live schema registry said about a subject's newest schema file, when the check was
 * given a {@link RegistryCheck}.
 *
 * <pre>{@code
 * report.subjects().forEach(s -> s.registry().ifPresent(r -> System.out.println(r.outcome())));
 * }</pre>
 *
 * @param registrySubject the subject name asked about (folder name plus the configured suffix)
 * @param version the version of the file sent
 * @param outcome the answer
 * @param messages the registry's reasons when incompatible, or what failed
 */
public record RegistryVerdict(String registrySubject, int version, Outcome outcome, List<String> messages) {

    /** The registry's answer. */
    public enum Outcome {
        /** The registry would accept the schema under the subject's rule there. */
        COMPATIBLE,
        /** The registry does not know the subject (HTTP 404, error code 40401 or 40402): a new subject. */
        NEW_SUBJECT,
        /** The registry would refuse the schema: see {@link #messages()}. */
        INCOMPATIBLE,
        /** Not asked, because a schema file of the subject is invalid. */
        NOT_CHECKED,
        /** The registry could not be asked: see {@link #messages()}. */
        FAILED
    }

    public RegistryVerdict {
        messages = List.copyOf(messages);
    }
}
