package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The JUnit this project chose is the one that runs: eos-testkit brought no JUnit jar of its own
 * version (a mixed JUnit would show here, if the launcher did not already refuse to start).
 */
class JUnitVersionTest {
    private static final String JUPITER = System.getProperty("expected.jupiter.version");
    private static final String PLATFORM = System.getProperty("expected.platform.version");

    @Test
    void everyJUnitJarOnTheTestClasspathIsTheVersionThisProjectChose() throws ClassNotFoundException {
        assertVersion(JUPITER, "org.junit.jupiter.api.Test");
        assertVersion(JUPITER, "org.junit.jupiter.engine.JupiterTestEngine");
        assertVersion(PLATFORM, "org.junit.platform.commons.util.ReflectionUtils");
        assertVersion(PLATFORM, "org.junit.platform.engine.TestEngine");
        assertVersion(PLATFORM, "org.junit.platform.launcher.Launcher");
    }

    private static void assertVersion(String expected, String className) throws ClassNotFoundException {
        Class<?> type = Class.forName(className);
        assertEquals(expected, type.getPackage().getImplementationVersion(),
                () -> className + " from " + type.getProtectionDomain().getCodeSource().getLocation());
    }
}
