package org.paperpath.maildir;

import java.util.Set;

/**
 * One folder of a LIST answer.
 *
 * @param attributes RFC 5258 / RFC 3348 attributes: {@code \HasChildren} or {@code \HasNoChildren},
 *     and {@code \NonExistent} for a parent that only exists because a child does (Maildir++ allows
 *     {@code .A.B} without {@code .A})
 */
public record FolderInfo(FolderName name, Set<Attribute> attributes) {

    public FolderInfo {
        attributes = Set.copyOf(attributes);
    }

    public enum Attribute {
        HAS_CHILDREN("\\HasChildren"),
        HAS_NO_CHILDREN("\\HasNoChildren"),
        NON_EXISTENT("\\NonExistent");

        private final String imap;

        Attribute(String imap) {
            this.imap = imap;
        }

        /** The attribute as IMAP spells it. */
        public String imap() {
            return imap;
        }
    }
}
