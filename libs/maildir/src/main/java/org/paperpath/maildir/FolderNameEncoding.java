package org.paperpath.maildir;

import java.util.Optional;

/**
 * How folder names are spelled in Maildir++ directory names (DESIGN.md, "folders"): UTF-8 as
 * Courier 5 and Dovecot's {@code :UTF-8} layouts do (the default), or IMAP's modified UTF-7 as older
 * Courier and Dovecot setups do.
 */
public enum FolderNameEncoding {
    UTF8 {
        @Override
        String encode(String component) {
            return component;
        }

        @Override
        Optional<String> decode(String onDisk) {
            return Optional.of(onDisk);
        }
    },
    MODIFIED_UTF7 {
        @Override
        String encode(String component) {
            return ModifiedUtf7.encode(component);
        }

        @Override
        Optional<String> decode(String onDisk) {
            return ModifiedUtf7.decode(onDisk);
        }
    };

    abstract String encode(String component);

    /** The component {@code onDisk} spells, or empty if it is not a valid spelling. */
    abstract Optional<String> decode(String onDisk);
}
