package dev.eos.testkit.driver.internal;

/**
 * Thrown by an in-memory client at the point an injected crash chose: the process "dies" there.
 * An {@link Error}, so that the runtime's handlers (which catch {@code RuntimeException}) let it
 * through untouched and do no clean-up; the test driver catches it around the step and
 * abandons the instance as {@code crashAndRestart()} does. Never seen by tests.
 */
public final class InjectedCrash extends Error {
    private static final long serialVersionUID = 1L;

    public InjectedCrash(String where) {
        super("injected crash " + where, null, false, false);
    }
}
