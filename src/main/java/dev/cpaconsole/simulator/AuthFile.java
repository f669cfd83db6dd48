package dev.cpaconsole.simulator;

import java.time.Instant;
import java.util.List;

/**
 * A read-only snapshot of one simulated auth file and its runtime state.
 *
 * @param name file name, e.g. {@code codex-user@example.com-plus.json}
 * @param authIndex the 16-hex {@code auth_index} derived from type and absolute path
 * @param type credential type: {@code codex}, {@code claude}, {@code gemini} …
 * @param email account e-mail, or {@code ""} when the file has none
 * @param planType Codex plan from the stored id_token, or {@code ""}
 * @param status {@code active}, {@code disabled} or {@code error}
 * @param statusMessage e.g. {@code quota exhausted} or {@code disabled via management API}
 * @param disabled operator switch stored in the file
 * @param unavailable in cooldown
 * @param nextRetryAfter end of the cooldown, or {@code null}
 * @param success successful attempts counted since start
 * @param failed failed attempts counted since start
 * @param priority routing priority, or {@code null}
 * @param note operator note, or {@code null}
 * @param accessToken the token {@code $TOKEN$} resolves to, or {@code ""}
 * @param content the raw file as a download would return it
 * @param models ids of the models this credential serves
 */
public record AuthFile(
        String name,
        String authIndex,
        String type,
        String email,
        String planType,
        String status,
        String statusMessage,
        boolean disabled,
        boolean unavailable,
        Instant nextRetryAfter,
        long success,
        long failed,
        Integer priority,
        String note,
        String accessToken,
        String content,
        List<String> models) {

    public AuthFile {
        models = List.copyOf(models);
    }
}
