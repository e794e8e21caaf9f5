package dev.eos.state.internal;

import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.RocksDbSettings;
import dev.eos.state.StoreException;
import dev.eos.state.StoreEngine;
import dev.eos.state.WindowBytesStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens RocksDB stores that share one memory budget.
 *
 * <p>Invariants: {@code blockCacheBytes} is the one memory budget of the engine's caches: a
 * quarter of it bounds the heap caches of committed values of every key-value store together
 * ({@link CommittedValueCache}, {@link CacheBudget}; a point read that hits one crosses no JNI
 * boundary), the rest is one {@link LRUCache} serving the blocks, index and filters of every
 * store this engine opens. One {@link WriteBufferManager} bounds their memtables together to
 * {@code writeBufferBytes}, charged to that block cache; the user's options hook
 * runs last, after these are set. Each store lives in {@code dir.resolve(name)} and owns its own
 * options, which it closes; the engine owns only the shared cache, write-buffer manager and bloom
 * filter, so closing it after its stores leaves no native handle behind.
 */
public final class RocksDbEngine implements StoreEngine {
    private static final Logger log = LoggerFactory.getLogger(RocksDbEngine.class);

    static {
        RocksDB.loadLibrary();
    }

    /** The share of the memory budget, one part in this many, that holds committed values on the heap. */
    static final int VALUE_CACHE_SHARE = 4;

    private final RocksDbSettings settings;
    private final LRUCache cache;
    private final CacheBudget valueCacheBudget;
    private final WriteBufferManager writeBufferManager;
    private final BloomFilter bloomFilter;
    private final AtomicInteger openStores = new AtomicInteger();
    private volatile boolean closed;

    public RocksDbEngine(RocksDbSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.valueCacheBudget = new CacheBudget(settings.blockCacheBytes() / VALUE_CACHE_SHARE);
        this.cache = new LRUCache(settings.blockCacheBytes() - valueCacheBudget.limitBytes());
        this.writeBufferManager = new WriteBufferManager(settings.writeBufferBytes(), cache);
        this.bloomFilter = new BloomFilter(10);
    }

    @Override
    public KeyValueBytesStore openKeyValue(Path dir, String name) {
        return new TransactionalKeyValueStore(name, openStorage(dir, name), new CommittedValueCache(valueCacheBudget));
    }

    @Override
    public WindowBytesStore openWindow(Path dir, String name, long retentionMs, long segmentIntervalMs) {
        return new SegmentedWindowStore(name, openStorage(dir, name), retentionMs, segmentIntervalMs);
    }

    @Override
    public boolean persistent() {
        return true;
    }

    private RocksDbStorage openStorage(Path dir, String name) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(name, "name");
        if (closed) {
            throw new IllegalStateException("Cannot open store " + name + ": the RocksDB engine is closed");
        }
        Path directory = dir.resolve(name);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("Cannot create the directory " + directory + " of store " + name, e);
        }
        RocksDbStorage storage = RocksDbStorage.open(directory, options(name), openStores::decrementAndGet);
        openStores.incrementAndGet();
        return storage;
    }

    private Options options(String name) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloomFilter)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setBlockSize(16 * 1024);
        Options options = new Options()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(writeBufferManager)
                .setTableFormatConfig(table)
                // The WAL makes commits survive a process kill: no flush at close, so closing (a task
                // moving away) is fast. Recovery still flushes, so WAL files never pile up.
                .setAvoidFlushDuringShutdown(true)
                .setMaxBackgroundJobs(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2);
        try {
            settings.optionsHook().configure(name, options);
        } catch (RuntimeException e) {
            options.close();
            throw e;
        }
        return options;
    }

    /** Bytes held by the caches of committed values of this engine's stores, by their estimate (for tests). */
    long valueCacheBytes() {
        return valueCacheBudget.usedBytes();
    }

    /** Bytes held in the shared block cache, memtable reservations included (for tests and metrics). */
    long blockCacheUsage() {
        return cache.getUsage();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int stillOpen = openStores.get();
        if (stillOpen > 0) {
            log.warn("Closing the RocksDB engine while {} of its stores are open: close stores first; they keep "
                    + "their own references to the cache and stay usable until closed", stillOpen);
        }
        writeBufferManager.close();
        cache.close();
        bloomFilter.close();
    }
}
