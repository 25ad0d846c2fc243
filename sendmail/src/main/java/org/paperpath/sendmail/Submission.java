package org.paperpath.sendmail;

import java.util.List;

/**
 * What goes to the ingress: the envelope and the finished message.
 *
 * @param sender     the envelope sender; empty for the null sender {@code <>}
 * @param recipients the envelope recipients, each once, in the order found
 * @param lines      the message lines without line endings, not yet dot-stuffed
 */
record Submission(String sender, List<String> recipients, List<String> lines) {

    Submission {
        recipients = List.copyOf(recipients);
        lines = List.copyOf(lines);
    }
}
