package dev.cpaconsole.keys.ui;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.TaskHandle;
import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.keys.core.CreatedKey;
import dev.cpaconsole.keys.core.KeyFilter;
import dev.cpaconsole.keys.core.KeyService;
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.KeyUsage;
import dev.cpaconsole.keys.core.LastKeyException;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.keys.core.SyncReport;
import dev.cpaconsole.keys.core.UnmanagedKey;
import dev.cpaconsole.ui.Actors;
import dev.cpaconsole.ui.Confirmation;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserStore;

/**
 * State of the keys screen: one page of the managed keys at a time, read with its filters from
 * the store, the keys CPA holds that the console does not manage, the keys CPA disagrees with,
 * and every key action. Raw keys reach the operator only through {@link #shownKeyProperty()}
 * (once after a create or rotate, or on an explicit reveal) and the clipboard. Must be used on
 * one thread (the JavaFX thread in the application).
 */
public final class KeysViewModel {
    /** Keys on one page of the table. */
    public static final int PAGE_SIZE = 100;
    /** The most out-of-sync keys listed at once; more would mean CPA was replaced wholesale. */
    static final int OUT_OF_SYNC_SHOWN = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(KeysViewModel.class);
    private static final String ONCE = "Copy it now: the console shows it only this once. Hand it to its user "
            + "over a private channel.";

    private final KeyService keys;
    private final ManagedKeyStore store;
    private final UserStore users;
    private final TaskRunner tasks;
    private final Clock clock;
    private final Consumer<String> clipboard;
    private final int pageSize;

    private final ObservableList<KeyRow> rows = FXCollections.observableArrayList();
    private final ObservableList<User> owners = FXCollections.observableArrayList();
    private final ObservableList<UnmanagedKey> unmanaged = FXCollections.observableArrayList();
    private final ObservableList<ManagedKey> outOfSync = FXCollections.observableArrayList();
    private final ObservableList<KeyRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<User> ownersView = FXCollections.unmodifiableObservableList(owners);
    private final ObservableList<UnmanagedKey> unmanagedView = FXCollections.unmodifiableObservableList(unmanaged);
    private final ObservableList<ManagedKey> outOfSyncView = FXCollections.unmodifiableObservableList(outOfSync);
    private final ReadOnlyStringWrapper search = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<KeyStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<User> owner = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper pageSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper previousAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper nextAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper cpaProblem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper checkSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ShownKey> shownKey = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Confirmation> confirmation = new ReadOnlyObjectWrapper<>();

    private int offset;
    private TaskHandle pageTask = TaskHandle.DONE;
    private TaskHandle outOfSyncTask = TaskHandle.DONE;
    private TaskHandle unmanagedTask = TaskHandle.DONE;

    /**
     * @param clipboard puts text on the system clipboard; called on the thread that runs this model
     */
    public KeysViewModel(KeyService keys, UserStore users, TaskRunner tasks, Clock clock, Consumer<String> clipboard) {
        this(keys, users, tasks, clock, clipboard, PAGE_SIZE);
    }

    KeysViewModel(KeyService keys, UserStore users, TaskRunner tasks, Clock clock, Consumer<String> clipboard,
            int pageSize) {
        this.keys = keys;
        this.store = keys.store();
        this.users = users;
        this.tasks = tasks;
        this.clock = clock;
        this.clipboard = clipboard;
        this.pageSize = pageSize;
    }

    /** The keys of the current page, by owner and name. */
    public ObservableList<KeyRow> rows() {
        return rowsView;
    }

    /** The users that are not deleted: the owner filter and the owners a key may get. */
    public ObservableList<User> owners() {
        return ownersView;
    }

    /** The keys CPA holds that the console does not manage, as last read. */
    public ObservableList<UnmanagedKey> unmanaged() {
        return unmanagedView;
    }

    /** The managed keys CPA disagrees with. */
    public ObservableList<ManagedKey> outOfSync() {
        return outOfSyncView;
    }

    public ReadOnlyStringProperty searchProperty() {
        return search.getReadOnlyProperty();
    }

    /** The status filtered for, or null for any. */
    public ReadOnlyObjectProperty<KeyStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The owner filtered for, or null for everyone. */
    public ReadOnlyObjectProperty<User> ownerProperty() {
        return owner.getReadOnlyProperty();
    }

    /** E.g. "Keys 101–200 of 2,000". */
    public ReadOnlyStringProperty pageSummaryProperty() {
        return pageSummary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty previousAvailableProperty() {
        return previousAvailable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty nextAvailableProperty() {
        return nextAvailable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Whether a key action is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What the last action did, or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last action or read failed, or "". */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** Why CPA's key list could not be read for the unmanaged keys, or "". */
    public ReadOnlyStringProperty cpaProblemProperty() {
        return cpaProblem.getReadOnlyProperty();
    }

    /** What the last check found, e.g. "Checked at 12:30:05: 1 status change, 2 out of sync"; "" before one. */
    public ReadOnlyStringProperty checkSummaryProperty() {
        return checkSummary.getReadOnlyProperty();
    }

    /** A raw key to show in its own dialog, or null; {@link #dismissShownKey()} drops it. */
    public ReadOnlyObjectProperty<ShownKey> shownKeyProperty() {
        return shownKey.getReadOnlyProperty();
    }

    /** A question to answer with {@link #answer(boolean)} before an action goes on, or null. */
    public ReadOnlyObjectProperty<Confirmation> confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    /** The editor for a new key, owned by the filtered user when there is one. */
    public KeyEditorModel newKey() {
        return KeyEditorModel.forNewKey(owner.get(), clock.getZone(), today());
    }

    public KeyEditorModel adoption() {
        return KeyEditorModel.forAdoption(owner.get(), clock.getZone(), today());
    }

    public KeyEditorModel limitsOf(ManagedKey key) {
        return KeyEditorModel.forLimits(key, clock.getZone(), today());
    }

    public KeyEditorModel renaming(ManagedKey key) {
        return KeyEditorModel.forRename(key, clock.getZone(), today());
    }

    // Commands

    /** The screen came into view: reads everything again, CPA's key list included. */
    public void shown() {
        load();
        loadUnmanaged();
    }

    /** Reads the owners, the current page and the out-of-sync keys again. */
    public void load() {
        tasks.run(Workload.DATABASE, "key-owners", () -> users.list(false), found -> {
            owners.setAll(found);
            User chosen = owner.get();
            if (chosen != null) {
                owner.set(found.stream().filter(u -> u.id() == chosen.id()).findFirst().orElse(null));
            }
        }, failure -> failed("Could not read the users", failure));
        loadPage();
        loadOutOfSync();
    }

    /** Shows the keys whose name, description, mask or owner holds {@code text}. */
    public void search(String text) {
        String typed = Objects.requireNonNullElse(text, "");
        if (!typed.equals(search.get())) {
            search.set(typed);
            firstPage();
        }
    }

    /** Shows only keys with {@code chosen} status, or of any status with null. */
    public void showStatus(KeyStatus chosen) {
        if (chosen != status.get()) {
            status.set(chosen);
            firstPage();
        }
    }

    /** Shows only the keys of {@code chosen}, or everyone's with null. */
    public void showOwner(User chosen) {
        if (!Objects.equals(chosen == null ? null : chosen.id(), owner.get() == null ? null : owner.get().id())) {
            owner.set(chosen);
            firstPage();
        }
    }

    public void nextPage() {
        if (nextAvailable.get()) {
            offset += pageSize;
            loadPage();
        }
    }

    public void previousPage() {
        if (previousAvailable.get()) {
            offset = Math.max(0, offset - pageSize);
            loadPage();
        }
    }

    /** Reads CPA's key list for the keys the console does not manage. */
    public void loadUnmanaged() {
        unmanagedTask.cancel();
        unmanagedTask = tasks.run(Workload.CPA, "keys-unmanaged", keys::unmanaged, found -> {
            cpaProblem.set("");
            unmanaged.setAll(found);
        }, failure -> {
            LOG.debug("CPA's key list could not be read", failure);
            cpaProblem.set("CPA's key list could not be read: " + failure.getMessage());
        });
    }

    /** Checks every key against its limits and CPA now, as the scheduled check does, without repairing. */
    public void checkNow() {
        busy.set(true);
        tasks.run(Workload.CPA, "keys-check", () -> keys.check(Actors.DESKTOP, false), report -> {
            busy.set(false);
            errorMessage.set("");
            reportArrived(report);
        }, failure -> failed("Could not check the keys", failure));
    }

    /** A check ended, scheduled or asked for: shows what it found and reads the keys again. */
    public void reportArrived(SyncReport report) {
        String when = "Checked at " + Formats.time(clock.instant(), clock.getZone());
        if (report.cpaError().isEmpty()) {
            cpaProblem.set("");
            unmanaged.setAll(report.unmanaged());
        }
        checkSummary.set(when + ": " + plural(report.changes().size(), "status change") + ", "
                + report.outOfSync().size() + " out of sync, " + report.unmanaged().size() + " unmanaged"
                + (report.cpaError().isEmpty() ? "" : "; CPA: " + report.cpaError()));
        loadPage();
        loadOutOfSync();
    }

    /** Creates a key as drafted; its raw value comes once through {@link #shownKeyProperty()}. */
    public void create(KeyDraft draft) {
        act("key-create", "create the key", allowLast -> keys.create(Actors.DESKTOP, draft.userId(), draft.name(),
                draft.description(), draft.limits()), created -> {
                    show(created, "New key for " + created.key().userName());
                    done("Created " + KeyTexts.name(created.key()) + " for " + created.key().userName() + "."
                            + KeyTexts.cpaNote(created.key()));
                });
    }

    /** Gives the key a new value, shown once; the old one stops working. */
    public void rotate(ManagedKey key) {
        act("key-rotate", "rotate " + KeyTexts.name(key), allowLast -> keys.rotate(Actors.DESKTOP, key.id()),
                rotated -> {
                    show(rotated, "New value of " + KeyTexts.name(key) + " (" + key.userName() + ")");
                    done("Rotated key " + key.id() + ": the old value " + key.masked() + " no longer works."
                            + KeyTexts.cpaNote(rotated.key()));
                });
    }

    public void revoke(ManagedKey key) {
        act("key-revoke", "revoke " + KeyTexts.name(key), allowLast -> keys.revoke(Actors.DESKTOP, key.id(),
                allowLast), revoked -> done("Revoked " + KeyTexts.name(key) + "." + KeyTexts.cpaNote(revoked)));
    }

    public void delete(ManagedKey key) {
        act("key-delete", "delete " + KeyTexts.name(key), allowLast -> keys.delete(Actors.DESKTOP, key.id(),
                allowLast), deleted -> done("Deleted " + KeyTexts.name(key) + "." + KeyTexts.cpaNote(deleted)));
    }

    /** Suspends the key (out of CPA until resumed) or resumes it. */
    public void setSuspended(ManagedKey key, boolean suspended) {
        act(suspended ? "key-suspend" : "key-resume", (suspended ? "suspend " : "resume ") + KeyTexts.name(key),
                allowLast -> keys.setSuspended(Actors.DESKTOP, key.id(), suspended, allowLast),
                changed -> done((suspended ? "Suspended " : "Resumed ") + KeyTexts.name(key) + "; it is "
                        + KeyTexts.statusWithReason(changed) + "." + KeyTexts.cpaNote(changed)));
    }

    public void updateLimits(ManagedKey key, KeyDraft draft) {
        act("key-limits", "change the limits of " + KeyTexts.name(key), allowLast -> keys.updateLimits(
                Actors.DESKTOP, key.id(), draft.limits(), allowLast), changed -> done("Saved the limits of "
                        + KeyTexts.name(key) + "; it is " + KeyTexts.statusWithReason(changed) + "."
                        + KeyTexts.cpaNote(changed)));
    }

    public void rename(ManagedKey key, KeyDraft draft) {
        act("key-rename", "rename " + KeyTexts.name(key), allowLast -> keys.rename(Actors.DESKTOP, key.id(),
                draft.name(), draft.description()), renamed -> done("Renamed " + KeyTexts.name(key) + " to "
                        + renamed.name() + "."));
    }

    /** Shows the raw key in its dialog; the reveal is recorded in the audit log. */
    public void reveal(ManagedKey key) {
        tasks.run(Workload.DATABASE, "key-reveal", () -> keys.reveal(Actors.DESKTOP, key.id()), value -> {
            errorMessage.set("");
            shownKey.set(new ShownKey(KeyTexts.name(key) + " (" + key.userName() + ")",
                    "Revealed on request; the reveal is recorded in the audit log.", key, value));
        }, failure -> failed("Could not reveal " + KeyTexts.name(key), failure));
    }

    /** Puts the raw key on the clipboard without showing it; recorded in the audit log as a reveal. */
    public void copy(ManagedKey key) {
        tasks.run(Workload.DATABASE, "key-copy", () -> keys.reveal(Actors.DESKTOP, key.id()), value -> {
            clipboard.accept(value);
            errorMessage.set("");
            message.set("Copied " + KeyTexts.name(key) + " to the clipboard.");
        }, failure -> failed("Could not copy " + KeyTexts.name(key), failure));
    }

    /** Puts the raw key shown in the dialog on the clipboard. */
    public void copyShown() {
        ShownKey shown = shownKey.get();
        if (shown != null) {
            clipboard.accept(shown.value());
            message.set("Copied " + KeyTexts.name(shown.key()) + " to the clipboard.");
        }
    }

    /** The raw key's dialog closed: the value is dropped. */
    public void dismissShownKey() {
        shownKey.set(null);
    }

    /** Makes CPA match the key's status, whatever changed CPA. */
    public void repair(ManagedKey key) {
        act("key-repair", "repair " + KeyTexts.name(key), allowLast -> keys.repair(Actors.DESKTOP, key.id(),
                allowLast), repaired -> done(repaired.isOutOfSync() ? "CPA still disagrees about "
                        + KeyTexts.name(key) + ": " + repaired.outOfSync() + "."
                        : "Repaired " + KeyTexts.name(key) + ": it is " + KeyTexts.cpa(repaired) + "."
                        + KeyTexts.cpaNote(repaired)));
    }

    /** Makes an unmanaged key a managed key of the drafted user. */
    public void adopt(UnmanagedKey key, KeyDraft draft) {
        act("key-adopt", "adopt " + key.masked(), allowLast -> keys.adopt(Actors.DESKTOP, key.hash(),
                draft.userId(), draft.name(), draft.description(), draft.limits()), adopted -> {
                    unmanaged.remove(key);
                    done("Adopted " + key.masked() + " as " + KeyTexts.name(adopted) + " of " + adopted.userName()
                            + "." + KeyTexts.cpaNote(adopted));
                    loadUnmanaged();
                });
    }

    /** Removes a key the console does not manage from CPA. */
    public void removeUnmanaged(UnmanagedKey key) {
        act("key-remove-unmanaged", "remove " + key.masked() + " from CPA", allowLast -> {
            keys.removeUnmanaged(Actors.DESKTOP, key.hash(), allowLast);
            return key;
        }, removed -> {
            unmanaged.remove(key);
            done("Removed " + key.masked() + " from CPA.");
            loadUnmanaged();
        });
    }

    /** Answers the open {@link #confirmationProperty()}: a yes goes on with the action. */
    public void answer(boolean yes) {
        Confirmation asked = confirmation.get();
        confirmation.set(null);
        if (yes && asked != null) {
            asked.confirmed().run();
        }
    }

    /** An action that may be refused because it removes CPA's last key, then retried once confirmed. */
    @FunctionalInterface
    private interface KeyAction<T> {
        T run(boolean allowLast) throws Exception;
    }

    private <T> void act(String task, String what, KeyAction<T> action, Consumer<T> succeeded) {
        act(task, what, action, succeeded, false);
    }

    private <T> void act(String task, String what, KeyAction<T> action, Consumer<T> succeeded, boolean allowLast) {
        busy.set(true);
        Callable<T> work = () -> action.run(allowLast);
        tasks.run(Workload.CPA, task, work, result -> {
            busy.set(false);
            errorMessage.set("");
            succeeded.accept(result);
        }, failure -> {
            if (failure instanceof LastKeyException && !allowLast) {
                busy.set(false);
                confirmation.set(Confirmation.lastClientKey(capitalised(what),
                        () -> act(task, what, action, succeeded, true)));
            } else {
                failed("Could not " + what, failure);
            }
        });
    }

    private void show(CreatedKey created, String headline) {
        shownKey.set(new ShownKey(headline, ONCE, created.key(), created.value()));
    }

    private void done(String text) {
        message.set(text);
        loadPage();
        loadOutOfSync();
    }

    private void firstPage() {
        offset = 0;
        loadPage();
    }

    private void loadPage() {
        pageTask.cancel();
        KeyFilter filter = new KeyFilter(search.get(), owner.get() == null ? 0 : owner.get().id(), status.get(),
                false, false);
        int from = offset;
        loading.set(true);
        pageTask = tasks.run(Workload.DATABASE, "keys-page", () -> page(filter, from), this::showPage,
                failure -> failed("Could not read the keys", failure));
    }

    private Page page(KeyFilter filter, int from) {
        int total = store.count(filter);
        // A page past the end after keys were deleted or filtered away shows the last one instead.
        int start = from < total || total == 0 ? from : (total - 1) / pageSize * pageSize;
        List<ManagedKey> found = store.list(filter, start, pageSize);
        Map<Long, KeyUsage> usage = keys.usageOf(found);
        return new Page(start, total, found.stream()
                .map(key -> new KeyRow(key, usage.getOrDefault(key.id(), KeyUsage.NONE))).toList());
    }

    private void showPage(Page page) {
        loading.set(false);
        offset = page.offset();
        rows.setAll(page.rows());
        previousAvailable.set(page.offset() > 0);
        nextAvailable.set(page.offset() + page.rows().size() < page.total());
        if (page.total() == 0) {
            pageSummary.set("No keys");
        } else {
            pageSummary.set("Keys " + Formats.count(page.offset() + 1) + "\u2013"
                    + Formats.count(page.offset() + page.rows().size()) + " of " + Formats.count(page.total()));
        }
    }

    private void loadOutOfSync() {
        outOfSyncTask.cancel();
        outOfSyncTask = tasks.run(Workload.DATABASE, "keys-out-of-sync",
                () -> store.list(KeyFilter.LIVE.withOutOfSyncOnly(true), 0, OUT_OF_SYNC_SHOWN),
                found -> outOfSync.setAll(found),
                failure -> failed("Could not read the keys out of sync", failure));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), clock.getZone());
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private void failed(String what, Throwable failure) {
        LOG.warn("{}", what, failure);
        loading.set(false);
        busy.set(false);
        message.set("");
        errorMessage.set(what + ": " + failure.getMessage());
    }

    private record Page(int offset, int total, List<KeyRow> rows) {
    }
}
