package dev.eos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.sink.ExternalSink;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sink contract on the embedded default, H2 in memory: what a newcomer without a server gets. */
class EmbeddedJdbcSinkTest extends JdbcSinkContract {

    @Override
    <K, V> JdbcSinkSettings<K, V> connectTo(JdbcSinkSettings<K, V> settings) {
        return settings; // no withUrl: the embedded default
    }

    @Override
    void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    List<List<String>> query(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(JdbcSinkSettings.EMBEDDED_DEFAULT_URL, "sa", "");
    }

    @Test
    void theEmbeddedDefaultShouldNeedNoServerAndNoUrl() {
        JdbcSinkSettings<String, Long> settings = settings();
        assertThat(settings.url()).isEqualTo("jdbc:h2:mem:eos;DB_CLOSE_DELAY=-1");
        try (ExternalSink<String, Long> sink = JdbcSink.upsert(settings).create()) {
            sink.write(List.of(record(P0, 0, "demo", 42)), Map.of(P0, 1L));
        }
        assertThat(rows()).containsExactly("demo=42");
    }
}
