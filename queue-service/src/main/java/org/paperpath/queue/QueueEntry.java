package org.paperpath.queue;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * queue-service's state of one message: its envelope and every recipient's state. Persisted as JSON
 * on the compacted queue-state topic under the queue id; a tombstone once every recipient is final.
 *
 * @param v schema version of the persisted record
 * @param recipients every route's state in routing order, keyed by {@link Route#recipient()}: one envelope
 *     recipient may have several (an alias, a forward), several may share one (one copy per destination)
 */
public record QueueEntry(int v, String queueId, String spoolRef, String sender, Instant acceptedAt,
        Map<String, RecipientState> recipients) {

    public static final int VERSION = 1;

    public QueueEntry {
        recipients = Collections.unmodifiableMap(new LinkedHashMap<>(recipients));
    }

    /** True once every recipient was delivered or failed for good: the spool body may be freed. */
    public boolean isFinal() {
        return recipients.values().stream().allMatch(r -> r.status().isFinal());
    }

    /** This entry without the state under {@code recipient}. */
    public QueueEntry without(String recipient) {
        Map<String, RecipientState> copy = new LinkedHashMap<>(recipients);
        copy.remove(recipient);
        return new QueueEntry(v, queueId, spoolRef, sender, acceptedAt, copy);
    }

    public QueueEntry with(String recipient, RecipientState state) {
        Map<String, RecipientState> copy = new LinkedHashMap<>(recipients);
        copy.put(recipient, state);
        return new QueueEntry(v, queueId, spoolRef, sender, acceptedAt, copy);
    }
}
