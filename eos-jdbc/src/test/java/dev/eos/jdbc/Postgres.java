package dev.eos.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server the tests need (127.0.0.1:5432, trust auth, database {@code test}). Tests
 * fail, never skip, when it is down, with the command that starts it (see DEVELOPERS.md).
 */
public final class Postgres {
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";
    public static final String START_COMMAND =
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

    private Postgres() {
    }

    /** A connection (auto-commit on); fails the test with how to start PostgreSQL if it is down. */
    public static Connection connect() {
        try {
            return DriverManager.getConnection(URL, USER, "");
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + URL + " as user " + USER + " (" + e.getMessage()
                    + "). The eos-jdbc tests need it; start it with: " + START_COMMAND + "  (see DEVELOPERS.md)", e);
        }
    }

    /** Runs DDL or DML statements, each on its own. */
    public static void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new AssertionError("SQL failed: " + String.join("; ", sql) + ": " + e.getMessage(), e);
        }
    }

    /** The rows of {@code query}, each as its columns' string values. */
    public static List<List<String>> query(String query) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError("Query failed: " + query + ": " + e.getMessage(), e);
        }
    }

    public static long count(String query) {
        return Long.parseLong(query(query).get(0).get(0));
    }

    /** Closes every other session on database {@code test}: their next statement fails with 57P01. */
    public static int terminateConnections() {
        return query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'test'"
                + " AND pid <> pg_backend_pid()").size();
    }

    /** Stops the server (fast shutdown). Call {@link #start()} in a finally. */
    public static void stop() {
        cluster("stop", "-m", "fast");
    }

    /** Starts the server and waits until it accepts connections. */
    public static void start() {
        cluster("start");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(URL, USER, "")) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("PostgreSQL did not come back within 30 s; start it with: " + START_COMMAND, e);
                }
                sleep(100);
            }
        }
    }

    private static void cluster(String action, String... options) {
        try {
            String[] versions = new java.io.File("/etc/postgresql").list();
            if (versions == null || versions.length == 0) {
                throw new AssertionError("No PostgreSQL cluster under /etc/postgresql; see DEVELOPERS.md");
            }
            List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", versions[0],
                    "main", action));
            command.addAll(List.of(options));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || (p.exitValue() != 0 && !out.contains("already running")
                    && !out.contains("is not running"))) {
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("Could not run pg_ctlcluster " + action + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
