package dev.eos.processor;

/** What time drives a {@link Punctuator}. */
public enum PunctuationType {
    /**
     * The task's stream time: the largest record timestamp it has processed. Advances only as
     * records arrive; due times are multiples of the interval, so replaying the same input
     * fires the same punctuations, also after a restart or when the task moved.
     */
    STREAM_TIME,
    /** The wall clock of the processing thread (the app's injectable {@code Clock}). */
    WALL_CLOCK_TIME
}
