package dev.eos.internal.runtime;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread's admin client, created on first use (a thread that never restores nor purges never
 * opens one) and shared by the store restorer and the repartition purger.
 */
final class LazyAdmin implements Supplier<Admin>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LazyAdmin.class);

    private final Supplier<Admin> factory;
    private Admin admin;

    LazyAdmin(Supplier<Admin> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized Admin get() {
        if (admin == null) {
            admin = factory.get();
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("Closing an admin client failed", e);
            }
            admin = null;
        }
    }
}
