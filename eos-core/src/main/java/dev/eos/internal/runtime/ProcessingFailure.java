package dev.eos.internal.runtime;

/** User code (a processor, predicate, mapper or serializer) threw while processing a record. */
final class ProcessingFailure extends RuntimeException {
    private final String nodeName;

    ProcessingFailure(String nodeName, Throwable cause) {
        super("Processor " + nodeName + " failed: " + cause, cause);
        this.nodeName = nodeName;
    }

    String nodeName() {
        return nodeName;
    }
}
