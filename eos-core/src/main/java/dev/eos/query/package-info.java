/**
 * Interactive queries: reading an app's state stores from outside the pipeline, for example from
 * an HTTP handler, and finding the instance that holds a key.
 *
 * <p>Views serve <em>committed</em> state only: a value becomes visible once the Kafka
 * transaction that wrote it has committed and never before, so a query never returns a value
 * that a later abort takes back. (Kafka Streams under exactly-once serves uncommitted writes.)
 *
 * <pre>{@code
 * KeyQueryMetadata where = app.metadataForKey("balances", accountId, new StringSerializer());
 * if (where.activeHost().equals(app.localHost().orElseThrow())) {
 *     ReadOnlyKeyValueStore<String, Long> balances =
 *             app.store(StoreQuery.of("balances", QueryableStoreTypes.<String, Long>keyValueStore())
 *                     .withPartition(where.partition()));
 *     return balances.get(accountId);
 * }
 * // else: forward the request to where.activeHost()
 * }</pre>
 *
 * See docs/how-to/interactive-queries.md.
 */
package dev.eos.query;
