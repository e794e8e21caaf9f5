package dev.eos.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** Every config reads {@link RocksDbOptionsHook#NONE}, also in apps built without rocksdbjni. */
class RocksDbOptionsHookTest {

    @Test
    void defaultHookLoadsWithoutRocksDbOnTheClasspath() throws Exception {
        URL eosState = RocksDbOptionsHook.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader withoutRocksDb = new URLClassLoader(new URL[] {eosState},
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("org.rocksdb.Options", false, withoutRocksDb))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> hook = Class.forName(RocksDbOptionsHook.class.getName(), true, withoutRocksDb);

            assertThat(hook.getField("NONE").get(null)).isNotNull();
        }
    }
}
