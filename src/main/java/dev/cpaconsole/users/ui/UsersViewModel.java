package dev.cpaconsole.users.ui;

import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import dev.cpaconsole.keys.core.KeyService;
import dev.cpaconsole.keys.core.LastKeyException;
import dev.cpaconsole.ui.Actors;
import dev.cpaconsole.ui.Confirmation;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserService;

/**
 * State of the users screen: the users with how many keys each owns, a search, whether deleted
 * users are listed, and the actions that change a user's keys in CPA (disable, enable, delete).
 * Must be used on one thread (the JavaFX thread in the application).
 */
public final class UsersViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(UsersViewModel.class);

    private final UserService users;
    private final KeyService keys;
    private final TaskRunner tasks;

    private final ObservableList<UserRow> rows = FXCollections.observableArrayList();
    private final ObservableList<UserRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper search = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper showDeleted = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Confirmation> confirmation = new ReadOnlyObjectWrapper<>();

    private TaskHandle listTask = TaskHandle.DONE;

    public UsersViewModel(UserService users, KeyService keys, TaskRunner tasks) {
        this.users = users;
        this.keys = keys;
        this.tasks = tasks;
    }

    /** The users matching the search, by name. */
    public ObservableList<UserRow> rows() {
        return rowsView;
    }

    public ReadOnlyStringProperty searchProperty() {
        return search.getReadOnlyProperty();
    }

    /** Whether deleted users (tombstones) are listed too. */
    public ReadOnlyBooleanProperty showDeletedProperty() {
        return showDeleted.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Whether an action that changes CPA is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** E.g. "3 users". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** What the last action did, or "". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last action or read failed, or "". */
    public ReadOnlyStringProperty errorMessageProperty() {
        return errorMessage.getReadOnlyProperty();
    }

    /** A question to answer with {@link #answer(boolean)} before an action goes on, or null. */
    public ReadOnlyObjectProperty<Confirmation> confirmationProperty() {
        return confirmation.getReadOnlyProperty();
    }

    // Commands

    /** Reads the users again. */
    public void load() {
        listTask.cancel();
        String text = search.get().strip().toLowerCase(Locale.ROOT);
        boolean deleted = showDeleted.get();
        loading.set(true);
        listTask = tasks.run(Workload.DATABASE, "users", () -> {
            Map<Long, Integer> counts = keys.store().liveKeyCounts();
            return users.store().list(deleted).stream()
                    .filter(user -> matches(user, text))
                    .map(user -> new UserRow(user, counts.getOrDefault(user.id(), 0)))
                    .toList();
        }, this::show, failure -> failed("Could not read the users", failure));
    }

    /** Lists the users whose name, display name or contact holds {@code text}, in any case. */
    public void search(String text) {
        if (!text.equals(search.get())) {
            search.set(text);
            load();
        }
    }

    public void showDeleted(boolean deleted) {
        if (deleted != showDeleted.get()) {
            showDeleted.set(deleted);
            load();
        }
    }

    /** An editor for a new user. */
    public UserEditorModel newUser() {
        return new UserEditorModel(users, tasks, null, created -> saved("Created user " + created.name() + "."));
    }

    /** An editor for {@code user}. */
    public UserEditorModel edit(User user) {
        return new UserEditorModel(users, tasks, user, stored -> saved("Saved user " + stored.name() + "."));
    }

    /** Disables the user, so that the user's keys leave CPA, or enables the user again. */
    public void setDisabled(User user, boolean disabled) {
        busy.set(true);
        tasks.run(Workload.CPA, disabled ? "user-disable" : "user-enable",
                () -> keys.setUserDisabled(Actors.DESKTOP, user.id(), disabled), changed -> {
                    busy.set(false);
                    saved(disabled ? "Disabled " + changed.name() + ": the user's keys are out of CPA until the "
                            + "user is enabled." : "Enabled " + changed.name() + ": the user's keys are back in CPA.");
                }, failure -> failed("Could not " + (disabled ? "disable " : "enable ") + user.name(), failure));
    }

    /**
     * Deletes the user and every key of the user; their rows stay as tombstones for the history.
     * Asks through {@link #confirmationProperty()} first when that would leave CPA without keys.
     */
    public void delete(User user) {
        delete(user, false);
    }

    private void delete(User user, boolean allowLast) {
        busy.set(true);
        tasks.run(Workload.CPA, "user-delete", () -> keys.deleteUser(Actors.DESKTOP, user.id(), allowLast),
                deleted -> {
                    busy.set(false);
                    saved("Deleted user " + deleted.name() + " and the user's keys.");
                }, failure -> {
                    if (failure instanceof LastKeyException && !allowLast) {
                        busy.set(false);
                        confirmation.set(Confirmation.lastClientKey("Deleting " + user.name() + " and the user's keys",
                                () -> delete(user, true)));
                    } else {
                        failed("Could not delete " + user.name(), failure);
                    }
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

    private static boolean matches(User user, String text) {
        return text.isEmpty() || user.name().toLowerCase(Locale.ROOT).contains(text)
                || user.displayName().toLowerCase(Locale.ROOT).contains(text)
                || user.contact().toLowerCase(Locale.ROOT).contains(text);
    }

    private void show(List<UserRow> found) {
        loading.set(false);
        rows.setAll(found);
        summary.set(Formats.count(found.size()) + (found.size() == 1 ? " user" : " users"));
    }

    private void saved(String done) {
        errorMessage.set("");
        message.set(done);
        load();
    }

    private void failed(String what, Throwable failure) {
        LOG.warn("{}", what, failure);
        loading.set(false);
        busy.set(false);
        message.set("");
        errorMessage.set(what + ": " + failure.getMessage());
    }
}
