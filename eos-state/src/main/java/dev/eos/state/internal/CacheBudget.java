package dev.eos.state.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that every {@link CommittedValueCache} of one engine may hold together. Stores of
 * different threads share it, so the count is atomic; each cache evicts its own least recently
 * used entries when the total is over the limit.
 */
final class CacheBudget {
    private final long limitBytes;
    private final AtomicLong usedBytes = new AtomicLong();

    CacheBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    long limitBytes() {
        return limitBytes;
    }

    long usedBytes() {
        return usedBytes.get();
    }

    boolean overLimit() {
        return usedBytes.get() > limitBytes;
    }

    void add(long bytes) {
        usedBytes.addAndGet(bytes);
    }
}
