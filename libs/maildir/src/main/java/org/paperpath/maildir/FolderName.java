package org.paperpath.maildir;

import java.util.List;
import java.util.Locale;

/**
 * A validated folder name as hierarchy components (INBOX is the empty list). No component can turn
 * into a path: each is non-empty, has no {@code .} (the Maildir++ hierarchy separator, which also
 * rules out {@code ..} and leading dots), no {@code /} or {@code \}, no control character (C0, DEL,
 * C1, so no NUL), no IMAP wildcard {@code *} or {@code %} (RFC 3501 section 6.3.8), no unpaired
 * surrogate, and has no leading or trailing space. The whole name is limited by
 * {@link FolderStore} to one directory name of at most 255 bytes.
 */
public record FolderName(List<String> components) {

    public static final FolderName INBOX = new FolderName(List.of());

    public FolderName {
        components = List.copyOf(components);
        for (String component : components) {
            validate(component);
        }
    }

    /**
     * Parses an IMAP-visible name such as {@code Archive/2024} with the given hierarchy delimiter;
     * {@code INBOX} in any case is the inbox.
     *
     * @throws InvalidFolderNameException naming the reason
     */
    public static FolderName parse(String name, char delimiter) {
        if (name.toUpperCase(Locale.ROOT).equals("INBOX")) {
            return INBOX;
        }
        if (name.isEmpty()) {
            throw new InvalidFolderNameException("folder name is empty");
        }
        return new FolderName(List.of(name.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)));
    }

    public boolean isInbox() {
        return components.isEmpty();
    }

    /** True if {@code other} is strictly below this name. */
    public boolean isAncestorOf(FolderName other) {
        return other.components.size() > components.size()
                && other.components.subList(0, components.size()).equals(components);
    }

    /** The name with {@code delimiter} between components, {@code INBOX} for the inbox. */
    public String toString(char delimiter) {
        return isInbox() ? "INBOX" : String.join(String.valueOf(delimiter), components);
    }

    @Override
    public String toString() {
        return toString('.');
    }

    private static void validate(String component) {
        if (component.isEmpty()) {
            throw new InvalidFolderNameException("folder name has an empty component");
        }
        if (component.strip().length() != component.length()) {
            throw new InvalidFolderNameException("folder name component has leading or trailing space");
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '.' || c == '/' || c == '\\' || c == '*' || c == '%') {
                throw new InvalidFolderNameException("folder name contains '" + c + "'");
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw new InvalidFolderNameException("folder name contains a control character (code " + (int) c + ")");
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= component.length() || !Character.isLowSurrogate(component.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(component.charAt(i - 1)))) {
                throw new InvalidFolderNameException("folder name contains an unpaired surrogate");
            }
        }
    }
}
