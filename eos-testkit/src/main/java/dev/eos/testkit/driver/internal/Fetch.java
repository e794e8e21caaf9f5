package dev.eos.testkit.driver.internal;

import java.util.List;

/**
 * What one read of a partition returns: the data records the reader may see and the offset to
 * read from next. The next offset can lie past records the reader was not shown (transaction
 * markers, and aborted records for read_committed readers), as a real consumer's position does.
 */
public record Fetch(List<LoggedRecord> records, long nextOffset) {

    public Fetch {
        records = List.copyOf(records);
    }
}
