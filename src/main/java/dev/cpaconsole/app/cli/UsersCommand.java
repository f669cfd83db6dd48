package dev.cpaconsole.app.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.cpaconsole.keys.core.KeyFilter;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;
import dev.cpaconsole.users.core.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code users list|create|disable|enable|delete}: the people who own client keys. */
@Command(name = "users", description = "List, create, disable, enable and delete the users who own client keys.",
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.CreateUser.class, UsersCommand.DisableUser.class,
            UsersCommand.EnableUser.class, UsersCommand.DeleteUser.class})
public final class UsersCommand implements Callable<Integer>, AccessContext.Holder {
    private final AccessContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    private boolean help;

    /** The command as the launcher runs it. */
    public UsersCommand() {
        this(AccessContext.ofThisProcess());
    }

    UsersCommand(AccessContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public AccessContext context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return AccessTask.USAGE_ERROR;
    }

    /** Prints one user, as text or JSON. */
    static void print(AccessTask.Session session, String done, User user) {
        if (session.json()) {
            session.out().print(AccessJson.text(AccessJson.user(user)));
        } else {
            session.out().println(done + " user " + user.id() + " " + user.name() + " (" + state(user) + ").");
        }
    }

    private static String state(User user) {
        String state = user.deleted() ? "deleted" : user.disabled() ? "disabled" : "active";
        return user.role().code() + ", " + state;
    }

    /** A command that changes CPA's key list: the keys of a user go in or out with the user. */
    abstract static class UserKeyTask extends AccessTask {
        @Option(names = "--cpa-url", paramLabel = "URL",
                description = "CPA's address, with the management key in $CPA_MANAGEMENT_KEY "
                        + "(default: the connection saved in the desktop app's Settings)")
        URI cpaUrl;

        @Override
        URI cpaUrl() {
            return cpaUrl;
        }

        /**
         * Prints the user and returns 0, or 1 with one line saying which of the user's keys CPA
         * does not match yet and why.
         */
        int report(Session session, String done, User user) {
            print(session, done, user);
            List<ManagedKey> keys = session.access().keys().store()
                    .list(KeyFilter.LIVE.forUser(user.id()).withDeleted(true), 0, Integer.MAX_VALUE);
            List<ManagedKey> behind = Session.outOfStep(keys);
            if (behind.isEmpty()) {
                return 0;
            }
            String others = behind.size() == 1 ? "" : " (and " + (behind.size() - 1) + " more of the user's keys)";
            return session.fail(session.outOfStepLine(behind.getFirst()) + others);
        }
    }

    /** {@code users list}. */
    @Command(name = "list", description = "Show the users.")
    static final class ListUsers extends AccessTask {
        @Option(names = "--all", description = "Include deleted users")
        boolean all;

        @Override
        int run(Session session) {
            List<User> users = session.access().users().store().list(all);
            if (session.json()) {
                session.out().print(AccessJson.text(AccessJson.users(users)));
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"id", "name", "display name", "role", "state", "password", "contact"});
            for (User user : users) {
                rows.add(new String[] {String.valueOf(user.id()), user.name(), user.displayName(), user.role().code(),
                    user.deleted() ? "deleted" : user.disabled() ? "disabled" : "active",
                    user.hasPassword() ? "set" : "none", user.contact()});
            }
            session.out().print(Tables.renderText(rows));
            return 0;
        }
    }

    /** {@code users create NAME}. */
    @Command(name = "create", description = {"Create a user.",
        "The password for the LAN page is read from the environment variable --password-env names, "
                + "never from the command line."})
    static final class CreateUser extends AccessTask {
        @Parameters(paramLabel = "NAME", description = "Sign-in name; any script, kept exactly as typed")
        String name;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "user",
                description = "admin or user (default: ${DEFAULT-VALUE})")
        String role;

        @Option(names = "--password-env", paramLabel = "VAR",
                description = "Environment variable holding the user's password (default: no password)")
        String passwordVariable;

        @Option(names = "--display-name", paramLabel = "TEXT", description = "How screens name the user")
        String displayName;

        @Option(names = "--contact", paramLabel = "TEXT", description = "E-mail address, chat handle or the like")
        String contact;

        private Role parsedRole;
        private char[] password;

        @Override
        boolean createsDatabase() {
            return true;
        }

        @Override
        void prepare(AccessContext context) {
            try {
                parsedRole = Role.of(role);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--role: " + e.getMessage());
            }
            if (passwordVariable != null) {
                String value = context.environment().get(passwordVariable);
                if (value == null || value.isEmpty()) {
                    throw new UsageError("--password-env: the environment variable " + passwordVariable
                            + " is not set or empty");
                }
                password = value.toCharArray();
            }
            // Checked before the database is opened, so a bad name creates nothing.
            try {
                UserDetails.named(name, parsedRole).checkedName();
            } catch (UserException e) {
                throw new UsageError("NAME: " + e.getMessage());
            }
        }

        @Override
        int run(Session session) {
            try {
                User user = session.access().users().create(ACTOR,
                        new UserDetails(name, displayName, contact, "", parsedRole), password);
                print(session, "Created", user);
                return 0;
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }

    /** {@code users disable NAME}. */
    @Command(name = "disable", description = "Disable a user: the user's keys leave CPA until the user is enabled.")
    static final class DisableUser extends UserKeyTask {
        @Parameters(paramLabel = "NAME", description = "The user's name")
        String name;

        @Option(names = "--allow-last-key",
                description = "Take the user's keys out of CPA even when they are all CPA holds, leaving CPA open")
        boolean allowLastKey;

        @Override
        int run(Session session) {
            User user = session.user(name);
            return report(session, "Disabled", session.access().keys().setUserDisabled(ACTOR, user.id(), true,
                    allowLastKey));
        }
    }

    /** {@code users enable NAME}. */
    @Command(name = "enable", description = "Enable a disabled user: the user's active keys go back into CPA.")
    static final class EnableUser extends UserKeyTask {
        @Parameters(paramLabel = "NAME", description = "The user's name")
        String name;

        @Override
        int run(Session session) {
            User user = session.user(name);
            return report(session, "Enabled", session.access().keys().setUserDisabled(ACTOR, user.id(), false));
        }
    }

    /** {@code users delete NAME}. */
    @Command(name = "delete", description = {"Delete a user and all of the user's keys.",
        "The user and the keys stay as tombstones, so their usage history stays attributed."})
    static final class DeleteUser extends UserKeyTask {
        @Parameters(paramLabel = "NAME", description = "The user's name")
        String name;

        @Option(names = "--allow-last-key",
                description = "Delete even when this takes CPA's last client key, which leaves CPA open to "
                        + "every request")
        boolean allowLastKey;

        @Override
        int run(Session session) {
            User user = session.user(name);
            return report(session, "Deleted", session.access().keys().deleteUser(ACTOR, user.id(), allowLastKey));
        }
    }
}
