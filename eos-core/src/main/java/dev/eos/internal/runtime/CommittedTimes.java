package dev.eos.internal.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The times a task commits in the metadata of its offsets, so that they are committed atomically
 * with the offsets and survive crashes and task moves: the task's stream time and the observed
 * stream time of each processor that keeps one. Format: {@code st=<ms>} followed by
 * {@code ;<clock>=<ms>} per processor clock, named by the processor's window store (store and
 * node names are {@code [a-zA-Z0-9._-]+}). Metadata
 * written before processor clocks existed ({@code st=<ms>} alone) reads as no clocks.
 */
record CommittedTimes(long streamTime, Map<String, Long> processorTimes) {
    static final String STREAM_TIME = "st=";
    static final CommittedTimes NONE = new CommittedTimes(-1, Map.of());

    CommittedTimes {
        processorTimes = Collections.unmodifiableMap(new LinkedHashMap<>(processorTimes));
    }

    /**
     * The metadata for these times; empty when nothing has been observed. A task whose clocks
     * moved before its stream time did (records a wall-clock punctuator forwarded) writes
     * {@code st=-1;...}.
     */
    static String encode(long streamTime, Map<String, Long> processorTimes) {
        if (processorTimes.isEmpty()) {
            return streamTime < 0 ? "" : STREAM_TIME + streamTime;
        }
        StringBuilder metadata = new StringBuilder(STREAM_TIME).append(streamTime);
        processorTimes.forEach((node, time) -> metadata.append(';').append(node).append('=').append(time));
        return metadata.toString();
    }

    /**
     * The times in {@code metadata}; {@link #NONE} for null, empty or foreign metadata.
     *
     * @throws IllegalArgumentException if it starts with {@code st=} but is not in this format
     */
    static CommittedTimes decode(String metadata) {
        if (metadata == null || !metadata.startsWith(STREAM_TIME)) {
            return NONE;
        }
        try {
            String[] parts = metadata.split(";");
            long streamTime = Long.parseLong(parts[0].substring(STREAM_TIME.length()));
            Map<String, Long> times = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].lastIndexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("no <name>=<ms> in '" + parts[i] + "'");
                }
                times.put(parts[i].substring(0, eq), Long.parseLong(parts[i].substring(eq + 1)));
            }
            return new CommittedTimes(streamTime, times);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The committed offset metadata '" + metadata + "' starts with '"
                    + STREAM_TIME + "' but is not Eos's stream time format (st=<ms>;<name>=<ms>...): " + e.getMessage()
                    + ". Was the group's offset committed by another tool? Fix: reset the group's offsets.", e);
        }
    }

    /** The later of each time in this and {@code other} (a task's partitions may carry different commits). */
    CommittedTimes max(CommittedTimes other) {
        Map<String, Long> times = new LinkedHashMap<>(processorTimes);
        other.processorTimes.forEach((node, time) -> times.merge(node, time, Math::max));
        return new CommittedTimes(Math.max(streamTime, other.streamTime), times);
    }
}
