package org.paperpath.maildir;

import java.nio.file.Path;

/**
 * A message of a folder with its UID, as one {@link UidScanner} scan saw it.
 *
 * @param uid stable for as long as a file with {@code baseName} exists in this UIDVALIDITY
 * @param baseName the file name before {@code :2,}
 * @param path where the file was at the scan; follow moves by {@code baseName}
 */
public record UidMessage(long uid, String baseName, Path path) {
}
