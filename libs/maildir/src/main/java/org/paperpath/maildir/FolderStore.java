package org.paperpath.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The folders of one mailbox in the Maildir++ layout (Courier's maildir++ description, DESIGN.md
 * "folders"): INBOX is the root, folder {@code A/B} is the directory {@code .A.B} under it with its
 * own tmp/, new/, cur/ and an empty {@code maildirfolder} file. A folder is built under a
 * temporary name and renamed into place, so other nodes never see half a folder; it is deleted by
 * renaming it away first, so it disappears at once. A rename with children is one atomic rename per
 * folder: a crash halfway leaves some children under the old name, none lost.
 *
 * <p>Folders found on disk are taken with {@link FolderName#fromDisk}'s path-safety rules only, so
 * a folder another server created with a name Paperpath would not create (Dovecot's {@code .Trail }
 * or {@code .Back\slash}) is listed, renamed and deleted like any other; {@link #create} and the
 * target of {@link #rename} keep the strict rules of {@link FolderName#creationProblem}. A symbolic
 * link is never a folder: it is not listed, opened, renamed, deleted through or replaced, so no
 * folder leads out of the mailbox's root.
 */
public final class FolderStore {

    /** NAME_MAX of Linux file systems: a Maildir++ folder is one directory name. */
    public static final int MAX_DIRECTORY_NAME_BYTES = 255;
    public static final String MARKER = "maildirfolder";
    private static final String BUILDING = "paperpath-folder.";

    private final Path root;
    private final FolderNameEncoding encoding;

    public FolderStore(Path root, FolderNameEncoding encoding) {
        this.root = root.toAbsolutePath().normalize();
        this.encoding = encoding;
    }

    /** The mailbox's Maildir++ root (INBOX). */
    public Path root() {
        return root;
    }

    /**
     * The folder's directory (the root for INBOX), or empty if its on-disk name would be too long.
     * Whether it exists is not checked: see {@link #existing}.
     */
    public Optional<Path> path(FolderName name) {
        if (name.isInbox()) {
            return Optional.of(root);
        }
        StringBuilder dir = new StringBuilder();
        for (String component : name.components()) {
            dir.append('.').append(encoding.encode(component));
        }
        if (dir.toString().getBytes(StandardCharsets.UTF_8).length > MAX_DIRECTORY_NAME_BYTES) {
            return Optional.empty();
        }
        Path path = root.resolve(dir.toString()).normalize();
        if (!root.equals(path.getParent())) {
            throw new IllegalStateException("folder path left the root: " + dir);
        }
        return Optional.of(path);
    }

    /**
     * The folder's directory if it exists as a folder: a real directory (never a symbolic link) with
     * a cur/ directory. INBOX is the root, wherever the operator's root leads.
     */
    public Optional<Path> existing(FolderName name) {
        Optional<Path> dir = path(name);
        if (dir.isEmpty() || !name.isInbox() && !Files.isDirectory(dir.get(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Files.isDirectory(dir.get().resolve("cur"), LinkOption.NOFOLLOW_LINKS) ? dir : Optional.empty();
    }

    /** Creates the folder; a name that breaks the strict rules of a client's name is refused. */
    public FolderOutcome create(FolderName name) throws IOException {
        if (name.isInbox()) {
            return new FolderOutcome.AlreadyExists(name);
        }
        Optional<String> problem = name.creationProblem();
        if (problem.isPresent()) {
            return new FolderOutcome.Refused(name, problem.get());
        }
        Optional<Path> target = path(name);
        if (target.isEmpty()) {
            return new FolderOutcome.Refused(name, "name longer than " + MAX_DIRECTORY_NAME_BYTES + " bytes on disk");
        }
        if (Files.exists(target.get(), LinkOption.NOFOLLOW_LINKS)) {
            return isFolder(target.get()) ? new FolderOutcome.AlreadyExists(name) : notAFolder(name);
        }
        Path building = root.resolve(BUILDING + MaildirNames.uniqueBase(Instant.now(), "new"));
        for (String dir : List.of("tmp", "new", "cur")) {
            Files.createDirectories(building.resolve(dir));
        }
        Files.createFile(building.resolve(MARKER));
        try {
            AtomicRename.move(building, target.get());
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
            deleteTree(building);
            return new FolderOutcome.AlreadyExists(name);
        }
        Fsync.directory(root);
        return new FolderOutcome.Done(name);
    }

    /** Deletes the folder and its messages; its children stay (RFC 3501 section 6.3.4). */
    public FolderOutcome delete(FolderName name) throws IOException {
        if (name.isInbox()) {
            return new FolderOutcome.Refused(name, "INBOX cannot be deleted");
        }
        Optional<Path> path = path(name);
        if (path.isEmpty() || !isFolder(path.get())) {
            return new FolderOutcome.NotFound(name);
        }
        Path away = root.resolve(BUILDING + "deleted." + MaildirNames.uniqueBase(Instant.now(), "del"));
        try {
            AtomicRename.move(path.get(), away);
        } catch (NoSuchFileException raced) {
            return new FolderOutcome.NotFound(name);
        }
        deleteTree(away);
        return new FolderOutcome.Done(name);
    }

    /**
     * Renames the folder and every folder below it (RFC 3501 section 6.3.5), one atomic rename
     * each, parents first. {@code to} must be a name a client may create; {@code from} and the
     * children carried along may be any name found on disk.
     */
    public FolderOutcome rename(FolderName from, FolderName to) throws IOException {
        if (from.isInbox() || to.isInbox()) {
            return new FolderOutcome.Refused(from, "renaming INBOX moves messages and is not a folder rename");
        }
        if (from.equals(to) || from.isAncestorOf(to)) {
            return new FolderOutcome.Refused(from, "cannot rename a folder into itself");
        }
        Optional<String> problem = to.creationProblem();
        if (problem.isPresent()) {
            return new FolderOutcome.Refused(to, problem.get());
        }
        List<FolderName> moving = new ArrayList<>();
        for (FolderInfo info : list()) {
            if (!info.attributes().contains(FolderInfo.Attribute.NON_EXISTENT)
                    && (info.name().equals(from) || from.isAncestorOf(info.name()))) {
                moving.add(info.name());
            }
        }
        if (!moving.contains(from)) {
            return new FolderOutcome.NotFound(from);
        }
        List<Path[]> renames = new ArrayList<>();
        for (FolderName name : moving) {
            List<String> renamed = new ArrayList<>(to.components());
            renamed.addAll(name.components().subList(from.components().size(), name.components().size()));
            FolderName renamedName = FolderName.fromDisk(renamed);
            Optional<Path> target = path(renamedName);
            if (target.isEmpty()) {
                return new FolderOutcome.Refused(to, "a renamed child would be longer than "
                        + MAX_DIRECTORY_NAME_BYTES + " bytes on disk");
            }
            if (Files.exists(target.get(), LinkOption.NOFOLLOW_LINKS)) {
                return isFolder(target.get()) ? new FolderOutcome.AlreadyExists(renamedName) : notAFolder(renamedName);
            }
            renames.add(new Path[] {path(name).orElseThrow(), target.get()});
        }
        for (Path[] rename : renames) {
            AtomicRename.move(rename[0], rename[1]);
        }
        Fsync.directory(root);
        return new FolderOutcome.Done(to);
    }

    /**
     * INBOX and every folder, in name order, with child attributes. Skipped: directory names that
     * do not decode to a safe name ({@link FolderName#fromDisk}) and back to themselves, and
     * anything that is not a real directory, symbolic links included.
     */
    public List<FolderInfo> list() throws IOException {
        TreeMap<List<String>, Boolean> exists = new TreeMap<>(FolderStore::compare);
        exists.put(List.of(), true);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, ".?*")) {
            for (Path dir : stream) {
                Optional<List<String>> name = decode(dir.getFileName().toString());
                if (name.isPresent() && isFolder(dir)) {
                    exists.put(name.get(), true);
                    for (int i = 1; i < name.get().size(); i++) {
                        exists.putIfAbsent(name.get().subList(0, i), false);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // A mailbox nobody delivered to yet: INBOX only.
        }
        List<FolderInfo> out = new ArrayList<>();
        for (var e : exists.entrySet()) {
            FolderName name = FolderName.fromDisk(e.getKey());
            List<String> next = exists.higherKey(e.getKey());
            boolean children = name.isInbox() ? exists.size() > 1
                    : next != null && next.size() > e.getKey().size() && next.subList(0, e.getKey().size()).equals(e.getKey());
            EnumSet<FolderInfo.Attribute> attributes = EnumSet.of(
                    children ? FolderInfo.Attribute.HAS_CHILDREN : FolderInfo.Attribute.HAS_NO_CHILDREN);
            if (!e.getValue()) {
                attributes.add(FolderInfo.Attribute.NON_EXISTENT);
            }
            out.add(new FolderInfo(name, attributes));
        }
        return out;
    }

    /**
     * The components a {@code .A.B} directory name spells, if they make a safe name whose
     * {@link #path} is this very directory.
     */
    private Optional<List<String>> decode(String dirName) {
        if (dirName.equals("..") || !dirName.startsWith(".")) {
            return Optional.empty();
        }
        List<String> components = new ArrayList<>();
        for (String part : dirName.substring(1).split("\\.", -1)) {
            Optional<String> decoded = encoding.decode(part);
            if (decoded.isEmpty() || !encoding.encode(decoded.get()).equals(part)) {
                return Optional.empty();
            }
            components.add(decoded.get());
        }
        try {
            return Optional.of(FolderName.fromDisk(components).components());
        } catch (InvalidFolderNameException e) {
            return Optional.empty();
        }
    }

    /** A real directory: a symbolic link, even to a directory, is never a folder. */
    private static boolean isFolder(Path dir) {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    }

    private static FolderOutcome notAFolder(FolderName name) {
        return new FolderOutcome.Refused(name,
                "something that is not a folder (such as a symbolic link) has that name on disk");
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
