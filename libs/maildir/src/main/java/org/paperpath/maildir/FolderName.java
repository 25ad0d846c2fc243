package org.paperpath.maildir;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A folder name as hierarchy components (INBOX is the empty list), with two rule sets.
 *
 * <p>Every name, however made, is safe on disk (DESIGN.md invariant 5): each component is
 * non-empty, has no {@code .} (the Maildir++ hierarchy separator, which also rules out {@code .}
 * and {@code ..} as components), no {@code /}, no NUL and no unpaired surrogate (so it spells one
 * directory name and back). The whole name is limited by {@link FolderStore} to one directory name
 * of at most 255 bytes. {@link #fromDisk} checks only these rules: a folder another server created
 * (Dovecot allows a leading or trailing space, a backslash, {@code *} and {@code %}) is listed,
 * read, renamed with its parent and deleted like any other.
 *
 * <p>A name a client asks to create, or to rename a folder to, must also have no {@code \}, no
 * control character (C0, DEL, C1), no IMAP wildcard {@code *} or {@code %} (RFC 3501 section
 * 6.3.8) and no leading or trailing space: {@link #parse} applies these, and {@link FolderStore}
 * refuses to create a name that breaks them however it was made ({@link #creationProblem}).
 */
public final class FolderName {

    public static final FolderName INBOX = new FolderName(List.of());

    private final List<String> components;

    private FolderName(List<String> components) {
        this.components = List.copyOf(components);
        for (String component : this.components) {
            unsafeOnDisk(component).ifPresent(problem -> {
                throw new InvalidFolderNameException(problem);
            });
        }
    }

    /**
     * Parses a name a client gave, such as {@code Archive/2024}, with the given hierarchy delimiter;
     * {@code INBOX} in any case is the inbox. The strict rules apply.
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
        FolderName parsed = new FolderName(List.of(name.split(Pattern.quote(String.valueOf(delimiter)), -1)));
        parsed.creationProblem().ifPresent(problem -> {
            throw new InvalidFolderNameException(problem);
        });
        return parsed;
    }

    /**
     * A name found on disk or in a file another server wrote, with the path-safety rules only.
     *
     * @throws InvalidFolderNameException if a component could not be one safe directory name part
     */
    public static FolderName fromDisk(List<String> components) {
        return components.isEmpty() ? INBOX : new FolderName(components);
    }

    public List<String> components() {
        return components;
    }

    /** Why a client may not create (or rename a folder to) this name; empty if it may. */
    public Optional<String> creationProblem() {
        for (String component : components) {
            Optional<String> problem = notCreatable(component);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
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

    @Override
    public boolean equals(Object o) {
        return o instanceof FolderName && ((FolderName) o).components.equals(components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }

    /** The path-safety rules, which every name obeys. */
    private static Optional<String> unsafeOnDisk(String component) {
        if (component.isEmpty()) {
            return Optional.of("folder name has an empty component");
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '.' || c == '/' || c == '\0') {
                return Optional.of("folder name contains " + (c == '\0' ? "NUL" : "'" + c + "'"));
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= component.length() || !Character.isLowSurrogate(component.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(component.charAt(i - 1)))) {
                return Optional.of("folder name contains an unpaired surrogate");
            }
        }
        return Optional.empty();
    }

    /** The further rules for a name a client creates; the path-safety rules already hold. */
    private static Optional<String> notCreatable(String component) {
        if (component.strip().length() != component.length()) {
            return Optional.of("folder name component has leading or trailing space");
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '\\' || c == '*' || c == '%') {
                return Optional.of("folder name contains '" + c + "'");
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return Optional.of("folder name contains a control character (code " + (int) c + ")");
            }
        }
        return Optional.empty();
    }
}
