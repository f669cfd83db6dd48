package dev.cpaconsole.app.cli;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cpaconsole.keys.core.CreatedKey;
import dev.cpaconsole.keys.core.KeyFilter;
import dev.cpaconsole.keys.core.KeyException;
import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.KeyService;
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.keys.core.SyncReport;
import dev.cpaconsole.keys.core.UnmanagedKey;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keys create|list|revoke|rotate|sync}: the client keys the console manages in CPA. */
@Command(name = "keys", description = "Create, list, revoke and rotate managed client keys; reconcile them with CPA.",
        subcommands = {KeysCommand.CreateKey.class, KeysCommand.ListKeys.class, KeysCommand.RevokeKey.class,
            KeysCommand.RotateKey.class, KeysCommand.SyncKeys.class})
public final class KeysCommand implements Callable<Integer>, AccessContext.Holder {
    private final AccessContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    private boolean help;

    /** The command as the launcher runs it. */
    public KeysCommand() {
        this(AccessContext.ofThisProcess());
    }

    KeysCommand(AccessContext context) {
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

    /** A key command that changes CPA's key list. */
    abstract static class CpaKeyTask extends AccessTask {
        @Option(names = "--cpa-url", paramLabel = "URL",
                description = "CPA's address, with the management key in $CPA_MANAGEMENT_KEY "
                        + "(default: the connection saved in the desktop app's Settings)")
        URI cpaUrl;

        @Override
        URI cpaUrl() {
            return cpaUrl;
        }

        static ManagedKeyStore store(Session session) {
            return session.access().keys().store();
        }
    }

    /** {@code keys create}. */
    @Command(name = "create", description = {"Create a key for a user and add it to CPA; prints the key once.",
        "When CPA cannot be reached the key is still created and printed, and the command exits with 1: "
                + "the key works once CPA gets it on the next key check."})
    static final class CreateKey extends CpaKeyTask {
        @Option(names = "--user", required = true, paramLabel = "NAME", description = "The key's owner")
        String user;

        @Option(names = "--name", required = true, paramLabel = "LABEL", description = "What the key is for")
        String label;

        @Option(names = "--description", paramLabel = "TEXT", description = "Free text")
        String description;

        @Option(names = "--expires", paramLabel = "DATE",
                description = "Last day the key works, in the console's time zone (2026-03-08: it stops at the "
                        + "start of 2026-03-09), or the instant it stops (2026-03-08T18:00:00Z, "
                        + "2026-03-08T18:00+01:00)")
        String expires;

        @Option(names = "--budget", paramLabel = "USD/PERIOD",
                description = "Most the key may cost per day, week or month, e.g. 20/month")
        String budget;

        @Option(names = "--requests", paramLabel = "N/PERIOD", description = "Most requests per period, e.g. 1000/day")
        String requests;

        @Option(names = "--tokens", paramLabel = "N/PERIOD",
                description = "Most tokens per period, e.g. 5000000/week; shares the period of --requests")
        String tokens;

        private KeyLimits limits;

        @Override
        void prepare(AccessContext context) {
            limits = limits(budget, requests, tokens);
        }

        @Override
        int run(Session session) {
            ZoneId zone = session.settings().timeZone();
            Instant expiry = TimeArguments.parse("--expires", expires, zone, true);
            if (expiry != null && !expiry.isAfter(session.context().clock().instant())) {
                throw new UsageError("--expires: " + expires + " has passed; the key would never work");
            }
            try {
                KeyService.checkedName(label);
            } catch (KeyException e) {
                throw new UsageError("--name: " + e.getMessage());
            }
            User owner = session.user(user);
            CreatedKey created = session.access().keys().create(ACTOR, owner.id(), label, description,
                    limits.withExpiry(expiry));
            ManagedKey key = created.key();
            printCreated(session, "Created", created, zone);
            if (Session.outOfStep(key)) {
                return session.fail(session.outOfStepLine(key));
            }
            return 0;
        }
    }

    /** {@code --budget}, {@code --requests} and {@code --tokens} as limits, without an expiry. */
    static KeyLimits limits(String budget, String requests, String tokens) {
        KeyLimits limits = KeyLimits.NONE;
        if (budget != null) {
            try {
                limits = KeyLimits.parseBudget(budget, limits);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--budget: " + e.getMessage());
            }
        }
        Quota requestQuota = Quota.parse("--requests", requests);
        Quota tokenQuota = Quota.parse("--tokens", tokens);
        if (requestQuota != null && tokenQuota != null && requestQuota.period() != tokenQuota.period()) {
            throw new UsageError("--requests and --tokens count over one period; give both per "
                    + requestQuota.period().code() + " or both per " + tokenQuota.period().code());
        }
        if (requestQuota == null && tokenQuota == null) {
            return limits;
        }
        LimitPeriod period = requestQuota != null ? requestQuota.period() : tokenQuota.period();
        return limits.withQuotas(requestQuota == null ? null : requestQuota.amount(),
                tokenQuota == null ? null : tokenQuota.amount(), period);
    }

    /** A quota as written on the command line: {@code 1000/day}. */
    private record Quota(long amount, LimitPeriod period) {
        static Quota parse(String option, String text) {
            if (text == null) {
                return null;
            }
            String example = option.equals("--tokens") ? "5000000/week" : "1000/day";
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new UsageError(option + ": write N/PERIOD, e.g. " + example + ", not '" + text + "'");
            }
            long amount;
            try {
                amount = Long.parseLong(text.substring(0, slash).strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new UsageError(option + ": write N/PERIOD, e.g. " + example + ", not '" + text + "'");
            }
            if (amount < 0) {
                throw new UsageError(option + ": a quota cannot be negative");
            }
            try {
                return new Quota(amount, LimitPeriod.of(text.substring(slash + 1)));
            } catch (IllegalArgumentException e) {
                throw new UsageError(option + ": " + e.getMessage());
            }
        }
    }

    /** Prints a key with its raw value, the one time the console shows it unasked. */
    static void printCreated(AccessTask.Session session, String done, CreatedKey created, ZoneId zone) {
        ManagedKey key = created.key();
        if (session.json()) {
            session.out().print(AccessJson.text(AccessJson.keyWithValue(key, created.value())));
            return;
        }
        session.out().println(done + " key " + key.id() + " \"" + key.name() + "\" of " + key.userName() + " ("
                + key.status().code() + (key.statusDetail().isEmpty() ? "" : ": " + key.statusDetail())
                + (key.inCpa() ? ", in CPA" : ", not in CPA") + "):");
        session.out().println(created.value());
        Instant expiry = key.limits().expiresAt();
        if (expiry != null) {
            session.out().println("It stops working at " + expiry.atZone(zone)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " (" + zone.getId() + ").");
        }
        session.out().println("Copy it now: the console does not show it again.");
    }

    /** {@code keys list}. */
    @Command(name = "list", description = {
        "Show the managed keys, masked; revoked keys included, deleted ones with --all.",
        "The status and \"in CPA\" are as of the last key check (serve runs one every minute, `keys sync` one now)."})
    static final class ListKeys extends AccessTask {
        @Option(names = "--user", paramLabel = "NAME", description = "Only this user's keys")
        String user;

        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only keys with this status: active, expired, over_budget, over_quota, suspended, "
                        + "revoked or deleted")
        String status;

        @Option(names = "--all", description = "Include deleted keys, and keys of deleted users")
        boolean all;

        private KeyStatus wanted;

        @Override
        void prepare(AccessContext context) {
            if (status != null) {
                try {
                    wanted = KeyStatus.of(status.strip().toLowerCase(Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--status: unknown status '" + status + "' (use active, expired, "
                            + "over_budget, over_quota, suspended, revoked or deleted)");
                }
            }
        }

        @Override
        int run(Session session) {
            KeyFilter filter = KeyFilter.LIVE.withStatus(wanted).withDeleted(all || wanted == KeyStatus.DELETED);
            List<ManagedKey> keys = new ArrayList<>();
            ManagedKeyStore store = CpaKeyTask.store(session);
            if (user == null) {
                keys.addAll(store.list(filter, 0, Integer.MAX_VALUE));
            } else {
                for (User owner : owners(session, user, filter.includeDeleted())) {
                    keys.addAll(store.list(filter.forUser(owner.id()), 0, Integer.MAX_VALUE));
                }
            }
            if (session.json()) {
                session.out().print(AccessJson.text(AccessJson.keys(keys)));
                return 0;
            }
            ZoneId zone = session.settings().timeZone();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"id", "user", "name", "key", "status", "in CPA", "limits", "last used", "detail"});
            for (ManagedKey key : keys) {
                rows.add(new String[] {String.valueOf(key.id()), key.userName(), key.name(), key.masked(),
                    key.status().code(), key.inCpa() ? "yes" : "no", describe(key.limits(), zone),
                    key.lastUsedAt() == null ? "never" : key.lastUsedAt().atZone(zone).toLocalDate().toString(),
                    key.isOutOfSync() ? "out of sync: " + key.outOfSync() : key.statusDetail()});
            }
            session.out().print(Tables.renderText(rows));
            return 0;
        }

        /** The live user with this name, and with {@code deletedToo} deleted users of that name as well. */
        private static List<User> owners(Session session, String name, boolean deletedToo) {
            if (!deletedToo) {
                return List.of(session.user(name));
            }
            String wantedName = asciiLowerCase(name.strip());
            List<User> owners = session.access().users().store().list(true).stream()
                    .filter(u -> asciiLowerCase(u.name()).equals(wantedName)).toList();
            if (owners.isEmpty()) {
                throw new UserException("There is no user named " + name);
            }
            return owners;
        }

        /** Names compare as the database compares them: ASCII letters in any case, the rest exactly. */
        private static String asciiLowerCase(String text) {
            StringBuilder lower = new StringBuilder(text.length());
            text.chars().forEach(c -> lower.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : (char) c));
            return lower.toString();
        }
    }

    /** The limits in a few words: {@code until 2026-03-09 · $20/month · 1000 req/day}. */
    static String describe(KeyLimits limits, ZoneId zone) {
        List<String> parts = new ArrayList<>();
        if (limits.expiresAt() != null) {
            parts.add("until " + limits.expiresAt().atZone(zone).toLocalDateTime());
        }
        if (limits.budgetUsd() != null) {
            parts.add("$" + limits.budgetUsd().toPlainString() + "/" + limits.budgetPeriod().code());
        }
        if (limits.requestQuota() != null) {
            parts.add(limits.requestQuota() + " req/" + limits.quotaPeriod().code());
        }
        if (limits.tokenQuota() != null) {
            parts.add(limits.tokenQuota() + " tok/" + limits.quotaPeriod().code());
        }
        return String.join(", ", parts);
    }

    /** {@code keys revoke ID}. */
    @Command(name = "revoke", description = "Revoke a key for good: it leaves CPA and its value is forgotten.")
    static final class RevokeKey extends CpaKeyTask {
        @Parameters(paramLabel = "ID", description = "The key's id, as `keys list` shows it")
        long id;

        @Option(names = "--allow-last-key",
                description = "Revoke even when it is CPA's last client key, which leaves CPA open to every request")
        boolean allowLastKey;

        @Override
        int run(Session session) {
            ManagedKey key = session.access().keys().revoke(ACTOR, id, allowLastKey);
            if (session.json()) {
                session.out().print(AccessJson.text(AccessJson.key(key)));
            } else {
                session.out().println("Revoked key " + key.id() + " \"" + key.name() + "\" (" + key.masked() + ") of "
                        + key.userName() + (key.inCpa() ? "; CPA still holds it." : "; it is out of CPA."));
            }
            return Session.outOfStep(key) ? session.fail(session.outOfStepLine(key)) : 0;
        }
    }

    /** {@code keys rotate ID}. */
    @Command(name = "rotate", description = {"Give a key a new value; prints it once. The old value stops working.",
        "The key keeps its history and the spend of its current periods."})
    static final class RotateKey extends CpaKeyTask {
        @Parameters(paramLabel = "ID", description = "The key's id, as `keys list` shows it")
        long id;

        @Override
        int run(Session session) {
            ManagedKey before = store(session).byId(id).orElse(null);
            CreatedKey rotated = session.access().keys().rotate(ACTOR, id);
            printCreated(session, "Rotated", rotated, session.settings().timeZone());
            ManagedKey key = rotated.key();
            // Whether the old value is gone only CPA can say.
            String problem = before == null || !before.inCpa() && !key.belongsInCpa() ? ""
                    : session.rotationProblem(key, before.keyHash());
            if (!problem.isEmpty()) {
                return session.fail(problem);
            }
            return Session.outOfStep(key) ? session.fail(session.outOfStepLine(key)) : 0;
        }
    }

    /** {@code keys sync}. */
    @Command(name = "sync", description = {"Check every managed key against its rules and CPA now, and make CPA match.",
        "Prints the keys CPA holds that the console does not manage, the keys CPA disagrees with (out of sync), "
                + "and what was repaired or changed.",
        "With --dry-run, keys another tool changed in CPA are only reported, as the scheduled check does; the "
                + "console's own pending changes (a key that expired or ran over its budget) are still applied."})
    static final class SyncKeys extends CpaKeyTask {
        @Option(names = "--dry-run", description = "Report keys that are out of sync without repairing them")
        boolean dryRun;

        @Option(names = "--allow-last-key",
                description = "Let a repair take CPA's last key out, leaving CPA open to every request")
        boolean allowLastKey;

        @Override
        int run(Session session) {
            SyncReport report = session.access().keys().check(ACTOR, !dryRun, allowLastKey);
            if (report.cpaError().isEmpty() || !report.unmanaged().isEmpty() || !report.repaired().isEmpty()
                    || !report.changes().isEmpty()) {
                print(session, report);
            }
            if (!report.cpaError().isEmpty()) {
                // Without CPA's list nothing can be said of it: print no "in step".
                return session.fail(report.cpaError());
            }
            if (!dryRun && !report.outOfSync().isEmpty()) {
                return session.fail(report.outOfSync().size() + " keys are still out of sync: "
                        + String.join(", ", report.outOfSync().stream().map(String::valueOf).toList()));
            }
            return 0;
        }

        private void print(Session session, SyncReport report) {
            if (session.json()) {
                ObjectNode root = AccessJson.object();
                ArrayNode unmanaged = root.putArray("unmanaged");
                report.unmanaged().forEach(k -> unmanaged.add(k.masked()));
                report.outOfSync().forEach(root.putArray("out_of_sync")::add);
                report.repaired().forEach(root.putArray("repaired")::add);
                report.changes().forEach(root.putArray("changed")::add);
                session.out().print(AccessJson.text(root));
            } else {
                session.out().print(text(session, report));
            }
        }

        private String text(Session session, SyncReport report) {
            StringBuilder text = new StringBuilder();
            String line = System.lineSeparator();
            ZoneId zone = session.settings().timeZone();
            if (report.unmanaged().isEmpty()) {
                text.append("CPA holds no keys the console does not manage.").append(line);
            } else {
                text.append("Keys in CPA the console does not manage: ").append(report.unmanaged().size()).append(line);
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"key", "requests", "last used", "note"});
                for (UnmanagedKey key : report.unmanaged()) {
                    rows.add(new String[] {key.masked(), String.format(Locale.ROOT, "%,d", key.requests()),
                        key.lastSeen() == null ? "never" : key.lastSeen().atZone(zone).toLocalDate().toString(),
                        key.refusal()});
                }
                text.append(indent(Tables.renderText(rows)));
            }
            if (report.outOfSync().isEmpty()) {
                text.append("Every managed key is in step with CPA.").append(line);
            } else {
                text.append("Out of sync with CPA: ").append(report.outOfSync().size()).append(line);
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"id", "user", "name", "key", "status", "in CPA", "why"});
                for (long id : report.outOfSync()) {
                    store(session).byId(id).ifPresent(key -> rows.add(new String[] {String.valueOf(key.id()),
                        key.userName(), key.name(), key.masked(), key.status().code(), key.inCpa() ? "yes" : "no",
                        key.outOfSync()}));
                }
                text.append(indent(Tables.renderText(rows)));
                if (dryRun) {
                    text.append("Run `keys sync` without --dry-run to make CPA match them.").append(line);
                }
            }
            text.append(ids("Repaired", report.repaired())).append(line);
            text.append(ids("Changed in CPA as their status asks", report.changes())).append(line);
            return text.toString();
        }

        private static String ids(String what, List<Long> ids) {
            return what + ": " + (ids.isEmpty() ? "none"
                    : String.join(", ", ids.stream().map(String::valueOf).toList()));
        }

        private static String indent(String table) {
            return table.lines().map(l -> "  " + l + System.lineSeparator()).reduce("", String::concat);
        }
    }
}
