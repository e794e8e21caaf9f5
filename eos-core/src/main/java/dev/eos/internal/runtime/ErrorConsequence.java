package dev.eos.internal.runtime;

/** What the processing loop does about an error; the answer of {@link ErrorClassifier}. */
enum ErrorConsequence {
    /**
     * This thread's producer or group membership is no longer valid (fenced by a newer producer
     * or a newer group generation, or left in a state only a new producer may leave). Its tasks
     * are zombies: commit nothing more from them, close them, recreate the producer, rejoin.
     */
    FENCED,
    /** A transient or ambiguous client error: abort the transaction, rewind to the committed offsets, go on. */
    RETRIABLE,
    /** User code (a processor, a serde) failed on a record: the configured handler decides. */
    USER_CODE,
    /** Nothing this thread can do: abort what it can and let the uncaught-error policy decide. */
    FATAL
}
