package org.paperpath.account;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * account-service's PostgreSQL, shared by its stores: one {@link JdbcClient} and one
 * {@link TransactionTemplate} over the DataSource, so every store's statements join the transaction
 * of the change they belong to.
 *
 * <p>It keeps its own transaction manager over the shared DataSource rather than declaring one as a
 * bean: standalone runs seven services in one context and must not end up with two.
 */
final class AccountDatabase {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    AccountDatabase(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    TransactionTemplate transactions() {
        return transactions;
    }

    /**
     * A {@code text[]} parameter. An array (not a list) is bound as one value: the JDBC driver sends
     * it as a PostgreSQL array, where a list would be expanded into an IN-list.
     */
    static String[] textArray(List<String> values) {
        return values.toArray(new String[0]);
    }

    static List<String> textList(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
