package dev.eos.testkit.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioRegistryProcessTest {
    @TempDir
    Path folder;
    private String before;

    @BeforeEach
    void rememberProperty() {
        before = System.getProperty(ApicurioRegistryProcess.HOME_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(ApicurioRegistryProcess.HOME_PROPERTY);
        } else {
            System.setProperty(ApicurioRegistryProcess.HOME_PROPERTY, before);
        }
    }

    @Test
    void start_failsNamingThePropertyAndTheMavenPhaseWhenTheAppFolderIsNotSet() {
        System.clearProperty(ApicurioRegistryProcess.HOME_PROPERTY);

        assertThatThrownBy(() -> ApicurioRegistryProcess.start("never-started"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("eos.apicurio.home is not set")
                .hasMessageContaining("pre-integration-test")
                .hasMessageContaining("apicurio-registry-app");
    }

    @Test
    void start_failsNamingTheFolderWhenItHoldsNoQuarkusRunJar() {
        System.setProperty(ApicurioRegistryProcess.HOME_PROPERTY, folder.toString());

        assertThatThrownBy(() -> ApicurioRegistryProcess.start("never-started"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("eos.apicurio.home=" + folder)
                .hasMessageContaining("no quarkus-run.jar");
    }

    @Test
    void appJar_isTheQuarkusRunJarOfTheFolder() throws Exception {
        Path jar = Files.createFile(folder.resolve("quarkus-run.jar"));
        System.setProperty(ApicurioRegistryProcess.HOME_PROPERTY, folder.toString());

        assertThat(ApicurioRegistryProcess.appJar()).isEqualTo(jar);
    }
}
