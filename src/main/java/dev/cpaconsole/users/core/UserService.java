package dev.cpaconsole.users.core;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cpaconsole.audit.core.AuditLog;
import dev.cpaconsole.keys.core.PasswordHasher;

/**
 * Creating and editing users, their passwords and signing in, each change recorded in the audit
 * log. Disabling and deleting users change their keys too, so they go through the key service.
 */
public final class UserService {
    private final UserStore users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final ObjectMapper json = new ObjectMapper();

    public UserService(UserStore users, PasswordHasher hasher, AuditLog audit) {
        this.users = Objects.requireNonNull(users, "users");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    public UserStore store() {
        return users;
    }

    /**
     * Creates a user.
     *
     * @param password the LAN-page password, or null for none; the array is not kept
     */
    public User create(String actor, UserDetails details, char[] password) {
        String hash = password == null || password.length == 0 ? null : hasher.hash(password);
        User user = users.create(details, hash);
        audit.record(actor, "user.create", target(user), "", state(user), "ok", "");
        return user;
    }

    /** Replaces a user's details. */
    public User update(String actor, long id, UserDetails details) {
        User before = users.byId(id).orElseThrow(() -> new UserException("There is no user " + id));
        User after = users.update(id, details);
        audit.record(actor, "user.update", target(after), state(before), state(after), "ok", "");
        return after;
    }

    /** Sets a new password, or with null or empty removes it so the user cannot sign in. */
    public User setPassword(String actor, long id, char[] password) {
        String hash = password == null || password.length == 0 ? null : hasher.hash(password);
        User after = users.setPasswordHash(id, hash);
        audit.record(actor, hash == null ? "user.password-remove" : "user.password", target(after), "", "", "ok", "");
        return after;
    }

    /**
     * The user signing in with these credentials: live, enabled and with a matching password.
     * Wrong names and wrong passwords are not told apart.
     */
    public Optional<User> authenticate(String name, char[] password) {
        Optional<User> user = users.byName(name).filter(User::active);
        if (user.isEmpty() || password == null || password.length == 0) {
            return Optional.empty();
        }
        Optional<String> hash = users.passwordHash(user.get().id());
        if (hash.isEmpty() || !hasher.verify(password, hash.get())) {
            return Optional.empty();
        }
        if (hasher.needsRehash(hash.get())) {
            users.setPasswordHash(user.get().id(), hasher.hash(password));
        }
        return user;
    }

    private static String target(User user) {
        return "user " + user.id() + " " + user.name();
    }

    private String state(User user) {
        ObjectNode node = json.createObjectNode();
        node.put("id", user.id());
        node.put("name", user.name());
        node.put("display_name", user.displayName());
        node.put("contact", user.contact());
        node.put("role", user.role().code());
        node.put("password", user.hasPassword());
        node.put("disabled", user.disabled());
        return node.toString();
    }
}
