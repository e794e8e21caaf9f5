package dev.eos;

/**
 * How far the restoration of one store shard has come; see {@link StateListener#onRestore}.
 *
 * <pre>{@code
 * if (progress.done()) {
 *     log.info("store {} partition {} restored {} records in {} ms",
 *             progress.store(), progress.partition(), progress.restored(), progress.elapsedMs());
 * }
 * }</pre>
 *
 * @param store     the store name
 * @param partition the task partition (= the changelog partition)
 * @param restored  changelog records replayed so far
 * @param total     changelog records to replay, estimated from offsets (transaction markers count)
 * @param elapsedMs time since this shard's restoration started
 * @param done      whether this is the final report for the shard
 */
public record RestoreProgress(String store, int partition, long restored, long total, long elapsedMs, boolean done) {

    /** Progress in percent, 100 when done or when there was nothing to replay. */
    public int percent() {
        if (done || total <= 0) {
            return 100;
        }
        return (int) Math.min(100, restored * 100 / total);
    }
}
