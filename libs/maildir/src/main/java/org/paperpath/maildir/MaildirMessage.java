package org.paperpath.maildir;

import java.nio.file.Path;

/**
 * One message of a Maildir as a reader sees it.
 *
 * @param uniqueName the file's base name before any {@code :2,} info suffix; stable while the file
 *     moves from new/ to cur/ or gains flags, so it is the message's identity (POP3 UIDL)
 * @param path where the file was found when the Maildir was listed
 * @param crlfSize the message's size with CRLF line endings (from {@code W=} if the name has it)
 */
public record MaildirMessage(String uniqueName, Path path, long crlfSize) {
}
