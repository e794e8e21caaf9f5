package dev.eos.internal.state;

import dev.eos.state.TransactionalStore;
import dev.eos.store.StateStore;
import dev.eos.store.StoreSpec;

/**
 * A typed store shard of one task whose writes go to a local engine store and to the changelog.
 * Commit follows DESIGN step 3: only after Kafka committed the transaction are the pending
 * writes made durable locally, with the changelog offset they reach.
 */
public abstract class ChangeloggedStore implements StateStore {
    private final StoreSpec<?, ?> spec;
    private final TransactionalStore engine;
    protected final ChangelogWriter changelog;

    protected ChangeloggedStore(StoreSpec<?, ?> spec, TransactionalStore engine, ChangelogWriter changelog) {
        this.spec = spec;
        this.engine = engine;
        this.changelog = changelog;
    }

    @Override
    public String name() {
        return spec.name();
    }

    public StoreSpec<?, ?> spec() {
        return spec;
    }

    public TransactionalStore engine() {
        return engine;
    }

    public ChangelogWriter changelog() {
        return changelog;
    }

    /** Step 3 of the commit protocol: after Kafka's commit, pending writes become durable locally. */
    public void commitAfterKafka() {
        if (changelog.hasSends()) {
            engine.commit(changelog.committedNextOffset());
        }
    }

    /** The transaction aborted: pending writes and changelog sends are void. */
    public void rollback() {
        changelog.forget();
        engine.rollback();
    }

    public long pendingBytes() {
        return engine.pendingBytes();
    }

    /** Stream time reached {@code streamTime} (window stores expire old windows). */
    public void advanceTime(long streamTime) {
    }

    public void close() {
        changelog.forget();
        engine.close();
    }
}
