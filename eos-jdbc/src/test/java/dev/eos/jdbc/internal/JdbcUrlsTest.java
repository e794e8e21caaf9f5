package dev.eos.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void withoutCredentials_shouldHideEveryFormOfPasswordAUrlCanCarry() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://db:5432/app?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=[hidden]&ssl=true");
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://db/app?sslpassword=k3y-pass"))
                .isEqualTo("jdbc:postgresql://db/app?sslpassword=[hidden]");
        assertThat(JdbcUrls.withoutCredentials("jdbc:mysql://app:s3cret@db:3306/app"))
                .isEqualTo("jdbc:mysql://app:[hidden]@db:3306/app");
        assertThat(JdbcUrls.withoutCredentials("jdbc:sqlserver://db:1433;databaseName=app;user=app;Password=s3cret"))
                .isEqualTo("jdbc:sqlserver://db:1433;databaseName=app;user=app;Password=[hidden]");
        assertThat(JdbcUrls.withoutCredentials("jdbc:oracle:thin:app/s3cret@db:1521:orcl"))
                .isEqualTo("jdbc:oracle:thin:app/[hidden]@db:1521:orcl");
        assertThat(JdbcUrls.withoutCredentials("jdbc:h2:file:/data/app;PASSWORD=s3cret;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/data/app;PASSWORD=[hidden];AUTO_SERVER=TRUE");
    }

    @Test
    void withoutCredentials_shouldLeaveUrlsWithoutCredentialsAlone() {
        for (String url : new String[] {"jdbc:postgresql://127.0.0.1:5432/test", "jdbc:h2:mem:eos;DB_CLOSE_DELAY=-1",
                "jdbc:postgresql://db/app?user=app&tcpKeepAlive=true", "jdbc:h2:file:/var/lib/app/db"}) {
            assertThat(JdbcUrls.withoutCredentials(url)).isEqualTo(url);
        }
        assertThat(JdbcUrls.withoutCredentials(null)).isNull();
    }
}
