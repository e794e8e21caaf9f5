package dev.eos.testkit.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Java21LocatorTest {
    @TempDir
    Path jvms;

    @AfterEach
    void clearProperty() {
        System.clearProperty(Java21Locator.PROPERTY);
    }

    @Test
    void parseFeature_readsModernAndLegacyVersionStrings() {
        assertThat(Java21Locator.parseFeature("25.0.3")).contains(25);
        assertThat(Java21Locator.parseFeature("21")).contains(21);
        assertThat(Java21Locator.parseFeature("17.0.15+6")).contains(17);
        assertThat(Java21Locator.parseFeature("1.8.0_402")).contains(8);
        assertThat(Java21Locator.parseFeature("")).isEmpty();
    }

    @Test
    void scan_picksTheNewestHomeOfAtLeast21AndIgnoresOlderOnesAndNonJavaFolders() throws IOException {
        fakeHome("java-17-openjdk-amd64", "17.0.15");
        fakeHome("temurin-21-jdk-amd64", "21.0.7");
        fakeHome("temurin-25-jdk-amd64", "25.0.3");
        Files.createDirectories(jvms.resolve("not-a-jdk"));

        assertThat(Java21Locator.scan(jvms))
                .contains(jvms.resolve("temurin-25-jdk-amd64").resolve("bin").resolve("java"));
    }

    @Test
    void scan_findsNothingWhenOnlyOlderJavasAreInstalled() throws IOException {
        fakeHome("java-17-openjdk-amd64", "17.0.15");

        assertThat(Java21Locator.scan(jvms)).isEmpty();
        assertThat(Java21Locator.scan(jvms.resolve("missing"))).isEmpty();
    }

    @Test
    void find_failsNamingThePropertyWhenItPointsAtAJavaOlderThan21() throws IOException {
        Path old = fakeHome("java-17-openjdk-amd64", "17.0.15");
        System.setProperty(Java21Locator.PROPERTY, old.toString());

        assertThatThrownBy(Java21Locator::find)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("system property eos.java21.home=" + old)
                .hasMessageContaining("is Java 17")
                .hasMessageContaining("needs Java 21+");
    }

    @Test
    void find_failsNamingThePropertyWhenItIsNotAJavaHome() {
        System.setProperty(Java21Locator.PROPERTY, jvms.toString());

        assertThatThrownBy(Java21Locator::find)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("eos.java21.home=" + jvms)
                .hasMessageContaining("is not a Java home");
    }

    @Test
    void find_usesThePropertyWhenItPointsAtAJava21() throws IOException {
        Path home = fakeHome("temurin-21-jdk-amd64", "21.0.7");
        System.setProperty(Java21Locator.PROPERTY, home.toString());

        assertThat(Java21Locator.find()).isEqualTo(home.resolve("bin").resolve("java"));
    }

    private Path fakeHome(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(home.resolve("bin").resolve("java"));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
