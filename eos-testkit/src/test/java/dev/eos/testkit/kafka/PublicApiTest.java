package dev.eos.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.eos.testkit.assertions.EosAssertions;
import dev.eos.testkit.assertions.OutputAssert;
import dev.eos.testkit.driver.DifferentialCheck;
import dev.eos.testkit.driver.DriverExtension;
import dev.eos.testkit.driver.Fault;
import dev.eos.testkit.driver.FaultSchedule;
import dev.eos.testkit.driver.MarkerDelivery;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import dev.eos.testkit.driver.TestOutput;
import org.junit.jupiter.api.Test;

/** Holds the testkit's layering: Kafka's unsupported classes in one backend, no internal type in a public signature. */
class PublicApiTest {
    private static final Pattern SERVER_IMPORT = Pattern.compile(
            "^import (static )?(kafka\\.server\\.|org\\.apache\\.kafka\\.common\\.test\\.)",
            Pattern.MULTILINE);

    @Test
    void shouldImportKafkaServerAndTestKitClassesOnlyInTheBackend() throws IOException {
        Path sources = Path.of("src", "main", "java");
        List<String> importing;
        try (Stream<Path> files = Files.walk(sources)) {
            importing = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> SERVER_IMPORT.matcher(read(file)).find())
                    .map(file -> sources.relativize(file).toString().replace('\\', '/'))
                    .collect(Collectors.toList());
        }

        assertThat(importing).containsExactly("dev/eos/testkit/kafka/internal/KraftTestKitBackend.java");
    }

    @Test
    void shouldNotMentionInternalTypesInPublicSignatures() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : List.of(EmbeddedKafkaCluster.class, EmbeddedKafkaExtension.class,
                EmbeddedKafkaException.class, PipelineTestDriver.class, PipelineTestDriver.Builder.class,
                TestInput.class, TestOutput.class, DriverExtension.class, Fault.class, FaultSchedule.class,
                EosAssertions.class, OutputAssert.class, DifferentialCheck.class, MarkerDelivery.class)) {
            for (Method method : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                List<Class<?>> mentioned = new ArrayList<>(List.of(method.getParameterTypes()));
                mentioned.add(method.getReturnType());
                mentioned.addAll(List.of(method.getExceptionTypes()));
                mentioned.stream()
                        .filter(mention -> mention.getPackageName().contains(".internal"))
                        .forEach(mention -> leaks.add(type.getSimpleName() + "." + method.getName()
                                + " -> " + mention));
            }
        }

        assertThat(leaks).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
