package dev.eos.errors;

/**
 * A library the pipeline needs is not on the classpath. Thrown by {@code EosApp.create}, before
 * anything is consumed; today only for RocksDB, which a pipeline with a persistent store needs
 * and which a build may have excluded ({@code org.rocksdb:rocksdbjni}, 72 MB) to keep a
 * stateless app small.
 *
 * <pre>{@code
 * try {
 *     EosApp app = EosApp.create(pipeline, config);
 * } catch (MissingDependencyException e) {
 *     // e.g. "Add org.rocksdb:rocksdbjni:10.1.3 to your dependencies"
 *     System.err.println(e.getMessage() + " (missing " + e.artifact() + ")");
 * }
 * }</pre>
 */
public class MissingDependencyException extends EosException {
    private final String artifact;

    /**
     * @param artifact the Maven coordinates to add, {@code group:artifact:version}
     * @param problem  what needs it and why it cannot run
     * @param fix      what to do besides adding it, or {@code null}
     */
    public MissingDependencyException(String artifact, String problem, String fix) {
        super(problem + ". Fix: add " + artifact + " to your dependencies"
                + " (remove its exclusion if your build excludes it)" + (fix == null ? "" : "; " + fix));
        this.artifact = artifact;
    }

    /** The Maven coordinates to add, {@code group:artifact:version}. */
    public String artifact() {
        return artifact;
    }
}
