package dev.cpaconsole.settings.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A key in a file in the data directory that only the user may read ({@code management-key} for
 * the management key, see {@link KeyKind}): mode 600 on POSIX file systems, an access list naming
 * only the owner on Windows. The key is written to a fresh file with those permissions and moved
 * into place, so it is never readable by others, not even for a moment.
 */
public final class FileManagementKeyStore implements ManagementKeyStore {
    public static final String FILE_NAME = KeyKind.MANAGEMENT_KEY.storageName();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private final KeyKind kind;

    /** The management key's file. */
    public FileManagementKeyStore(Path dataDirectory) {
        this(dataDirectory, KeyKind.MANAGEMENT_KEY);
    }

    public FileManagementKeyStore(Path dataDirectory, KeyKind kind) {
        this.kind = kind;
        this.file = dataDirectory.resolve(kind.storageName());
    }

    public KeyKind kind() {
        return kind;
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<String> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (IOException e) {
            throw new KeyStoreException("Cannot read the " + kind.noun() + " file " + file, e);
        }
    }

    @Override
    public void save(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the " + kind.noun() + " must not be blank");
        }
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = createOwnerOnlyFile(file.getParent(), kind.storageName());
            Files.writeString(temporary, key.strip(), StandardCharsets.UTF_8);
            moveIntoPlace(temporary);
            temporary = null;
        } catch (IOException e) {
            throw new KeyStoreException("Cannot write the " + kind.noun() + " file " + file, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    @Override
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KeyStoreException("Cannot delete the " + kind.noun() + " file " + file, e);
        }
    }

    @Override
    public String location() {
        return "file " + file;
    }

    private static Path createOwnerOnlyFile(Path directory, String prefix) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(directory, prefix, ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Path created = Files.createTempFile(directory, prefix, ".tmp");
        restrictToOwner(created);
        return created;
    }

    /** Replaces the file's access list with one entry: full control for its owner. */
    private static void restrictToOwner(Path path) throws IOException {
        AclFileAttributeView acl = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (acl == null) {
            throw new IOException("The file system offers neither POSIX permissions nor access lists");
        }
        UserPrincipal owner = Files.getOwner(path);
        AclEntry ownerOnly = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build();
        acl.setAcl(List.of(ownerOnly));
    }

    private void moveIntoPlace(Path temporary) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover temporary file is harmless: it is owner-only and replaced on the next save.
        }
    }
}
