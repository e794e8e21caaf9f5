/**
 * Storage engines for Eos: key-value and window stores with transactional write batches.
 *
 * <p>This module has no Kafka dependency. The stores arrive with the local-state capability;
 * until then the module holds only this package description.
 */
package dev.eos.state;
