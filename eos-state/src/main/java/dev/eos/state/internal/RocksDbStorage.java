package dev.eos.state.internal;

import dev.eos.state.StoreException;
import dev.eos.state.StoreLockedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Committed content in one RocksDB instance with two column families: the default one holds the
 * data, {@code eos-metadata} holds the checkpoint (changelog offset and stream time).
 *
 * <p>Invariants: the only writes are {@link #write} and {@link #wipe}, each one {@link WriteBatch}
 * across both column families written with the WAL on, so after a process kill RocksDB recovers
 * data and checkpoint of the same commit (no fsync: a power loss may lose recent commits, which
 * the changelog restores). One WriteBatch, ReadOptions and WriteOptions are reused for the life of
 * the store. Every native handle is closed in {@link #close}; the caller closes cursors first.
 */
final class RocksDbStorage implements CommittedStorage {
    private static final byte[] METADATA_FAMILY = "eos-metadata".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHECKPOINT_KEY = "checkpoint".getBytes(StandardCharsets.UTF_8);

    private final Path directory;
    private final Options options;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnFamilyOptions;
    private final RocksDB db;
    private final ColumnFamilyHandle data;
    private final ColumnFamilyHandle metadata;
    private final List<ColumnFamilyHandle> handles;
    private final ReadOptions readOptions = new ReadOptions();
    private final WriteOptions writeOptions = new WriteOptions();
    private final WriteBatch batch = new WriteBatch();
    private final Runnable onClose;
    private boolean closed;

    private RocksDbStorage(Path directory, Options options, DBOptions dbOptions,
                           ColumnFamilyOptions columnFamilyOptions, RocksDB db, List<ColumnFamilyHandle> handles,
                           Runnable onClose) {
        this.directory = directory;
        this.options = options;
        this.dbOptions = dbOptions;
        this.columnFamilyOptions = columnFamilyOptions;
        this.db = db;
        this.handles = handles;
        this.data = handles.get(0);
        this.metadata = handles.get(1);
        this.onClose = onClose;
    }

    /**
     * Opens (creating if needed) the database in {@code directory} with {@code options}, which
     * this storage then owns. Fails with {@link StoreLockedException} if another store holds it.
     */
    static RocksDbStorage open(Path directory, Options options, Runnable onClose) {
        DBOptions dbOptions = new DBOptions(options);
        ColumnFamilyOptions columnFamilyOptions = new ColumnFamilyOptions(options);
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnFamilyOptions),
                new ColumnFamilyDescriptor(METADATA_FAMILY, columnFamilyOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>(2);
        try {
            RocksDB db = RocksDB.open(dbOptions, directory.toString(), families, handles);
            return new RocksDbStorage(directory, options, dbOptions, columnFamilyOptions, db, handles, onClose);
        } catch (RocksDBException e) {
            handles.forEach(ColumnFamilyHandle::close);
            columnFamilyOptions.close();
            dbOptions.close();
            options.close();
            if (isLockHeld(e)) {
                throw new StoreLockedException(directory, e);
            }
            throw new StoreException("Cannot open RocksDB store in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static boolean isLockHeld(RocksDBException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("lock");
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            return db.get(data, readOptions, key);
        } catch (RocksDBException e) {
            throw failure("read", e);
        }
    }

    @Override
    public StorageCursor seek(byte[] from) {
        RocksIterator iterator = db.newIterator(data, readOptions);
        if (from == null) {
            iterator.seekToFirst();
        } else {
            iterator.seek(from);
        }
        return new RocksCursor(iterator, from);
    }

    @Override
    public byte[] lastKey() {
        try (RocksIterator iterator = db.newIterator(data, readOptions)) {
            iterator.seekToLast();
            return iterator.isValid() ? iterator.key() : null;
        }
    }

    @Override
    public Checkpoint checkpoint() {
        try {
            byte[] bytes = db.get(metadata, readOptions, CHECKPOINT_KEY);
            return bytes == null ? null : Checkpoint.fromBytes(bytes);
        } catch (RocksDBException e) {
            throw failure("read the checkpoint of", e);
        }
    }

    @Override
    public void write(PendingWrites writes, Checkpoint checkpoint) {
        try {
            for (byte[][] range : writes.droppedRanges()) {
                batch.deleteRange(data, range[0], range[1]);
            }
            writes.forEachUnordered((key, value) -> {
                if (PendingWrites.isDeleted(value)) {
                    batch.delete(data, key.bytes());
                } else {
                    batch.put(data, key.bytes(), value);
                }
            });
            batch.put(metadata, CHECKPOINT_KEY, checkpoint.toBytes());
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("commit to", e);
        } finally {
            batch.clear();
        }
    }

    /** One batch: a range delete from the empty key to just past the last key, and the checkpoint. */
    @Override
    public void wipe() {
        byte[] last = lastKey();
        try {
            if (last != null) {
                batch.deleteRange(data, new byte[0], KeyOrder.successor(last));
            }
            batch.delete(metadata, CHECKPOINT_KEY);
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("wipe", e);
        } finally {
            batch.clear();
        }
    }

    @Override
    public long approximateNumEntries(PendingWrites pending) {
        try {
            return db.getLongProperty(data, "rocksdb.estimate-num-keys") + pending.puts();
        } catch (RocksDBException e) {
            throw failure("estimate the size of", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        batch.close();
        writeOptions.close();
        readOptions.close();
        columnFamilyOptions.close();
        dbOptions.close();
        options.close();
        onClose.run();
    }

    private StoreException failure(String action, RocksDBException e) {
        return new StoreException("Cannot " + action + " RocksDB store " + directory + ": " + e.getMessage(), e);
    }

    /**
     * Caches the key of the current position: the merge reads it more than once per step. A
     * RocksDB iterator reads the state of its creation, so after a commit it is refreshed and
     * sought back to where it was.
     */
    private static final class RocksCursor implements StorageCursor {
        private final RocksIterator iterator;
        private byte[] key;
        private byte[] passed;
        private final byte[] from;
        private boolean exhausted;

        RocksCursor(RocksIterator iterator, byte[] from) {
            this.iterator = iterator;
            this.from = from;
        }

        @Override
        public boolean valid() {
            if (key != null) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            if (iterator.isValid()) {
                key = iterator.key();
                return true;
            }
            try {
                iterator.status();
            } catch (RocksDBException e) {
                throw new StoreException("A RocksDB iterator failed: " + e.getMessage(), e);
            }
            exhausted = true;
            return false;
        }

        @Override
        public byte[] key() {
            return valid() ? key : null;
        }

        @Override
        public byte[] value() {
            return iterator.value();
        }

        @Override
        public void next() {
            if (valid()) {
                passed = key;
            }
            key = null;
            iterator.next();
        }

        @Override
        public void storageChanged() {
            byte[] resumeAt = key != null ? key : passed != null ? KeyOrder.successor(passed) : from;
            try {
                iterator.refresh();
            } catch (RocksDBException e) {
                throw new StoreException("Cannot refresh a RocksDB iterator: " + e.getMessage(), e);
            }
            if (resumeAt == null) {
                iterator.seekToFirst();
            } else {
                iterator.seek(resumeAt);
            }
            key = null;
            exhausted = false;
        }

        @Override
        public void close() {
            iterator.close();
        }
    }
}
