package id.ntt110.rollout.service;

import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.problem.NulCharacters;
import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemException;
import id.ntt110.rollout.Stage;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A PATCH of a rollout, merge-patch style: an absent field stays as it is, {@code null} clears it. Every offending
 * field is reported at once.
 */
public record RolloutPatch(boolean hasTargetDate, LocalDate targetDate, List<String> blockers, Stage stage,
        boolean hasContact, String contactName, String contactPhone, String by) {

    static final int MAX_BLOCKERS = 50;
    static final int MAX_TEXT = 500;
    private static final Set<String> FIELDS = Set.of("targetDate", "blockers", "stage", "contact", "by");
    private static final LocalDate EARLIEST = LocalDate.of(2019, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

    /** The same patch, made by {@code actor} (the signed-in user; a body's {@code by} is not trusted). */
    public RolloutPatch by(String actor) {
        return new RolloutPatch(hasTargetDate, targetDate, blockers, stage, hasContact, contactName, contactPhone, actor);
    }

    public static RolloutPatch parse(JsonNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object with targetDate, blockers, stage or contact");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new Problem.FieldError(name, "is not a field of a rollout patch; allowed: " + String.join(", ", FIELDS.stream().sorted().toList())));
            }
        }
        LocalDate targetDate = null;
        JsonNode date = body.get("targetDate");
        if (date != null && !date.isNull()) {
            targetDate = date(date, errors);
        }
        List<String> blockers = null;
        JsonNode list = body.get("blockers");
        if (list != null) {
            blockers = blockers(list, errors);
        }
        Stage stage = null;
        JsonNode stageNode = body.get("stage");
        if (stageNode != null) {
            stage = stage(stageNode, errors);
        }
        String contactName = null;
        String contactPhone = null;
        JsonNode contact = body.get("contact");
        if (contact != null && !contact.isNull()) {
            if (!contact.isObject()) {
                errors.add(new Problem.FieldError("contact", "must be an object {name, phone} or null"));
            } else {
                contactName = text(contact.get("name"), "contact.name", 200, true, errors);
                contactPhone = text(contact.get("phone"), "contact.phone", 40, false, errors);
                if (contactPhone != null && !contactPhone.matches("\\+?[0-9][0-9 ()\\-]{4,38}")) {
                    errors.add(new Problem.FieldError("contact.phone", "must be a phone number (digits, spaces, +, -, parentheses)"));
                }
            }
        }
        String by = text(body.get("by"), "by", 100, false, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " fields are invalid", errors));
        }
        return new RolloutPatch(date != null, targetDate, blockers, stage, contact != null, contactName, contactPhone, by);
    }

    private static LocalDate date(JsonNode node, List<Problem.FieldError> errors) {
        if (node.isTextual()) {
            try {
                LocalDate value = LocalDate.parse(node.asText());
                if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
                    errors.add(new Problem.FieldError("targetDate", "must be between " + EARLIEST + " and " + LATEST));
                }
                return value;
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new Problem.FieldError("targetDate", "must be a date YYYY-MM-DD (WITA) or null"));
        return null;
    }

    private static List<String> blockers(JsonNode node, List<Problem.FieldError> errors) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new Problem.FieldError("blockers", "must be an array of texts (empty or null to clear)"));
            return null;
        }
        if (node.size() > MAX_BLOCKERS) {
            errors.add(new Problem.FieldError("blockers", "must list at most " + MAX_BLOCKERS + " blockers"));
            return null;
        }
        List<String> blockers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String text = text(node.get(i), "blockers[" + i + "]", MAX_TEXT, true, errors);
            if (text != null && !blockers.contains(text)) {
                blockers.add(text);
            }
        }
        return blockers;
    }

    private static Stage stage(JsonNode node, List<Problem.FieldError> errors) {
        String allowed = String.join(", ", Arrays.stream(Stage.values()).map(Stage::name).toList());
        if (node.isTextual()) {
            try {
                return Stage.valueOf(node.asText());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add(new Problem.FieldError("stage", "must be one of " + allowed));
        return null;
    }

    /** A stripped text, or null when absent; {@code required}: null and blank are errors too. */
    private static String text(JsonNode node, String field, int maxLength, boolean required, List<Problem.FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(field, "must not be empty"));
            }
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a text"));
            return null;
        }
        String text = node.asText().strip();
        if (text.isEmpty()) {
            errors.add(new Problem.FieldError(field, "must not be empty"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(new Problem.FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        if (NulCharacters.contains(text)) {
            errors.add(new Problem.FieldError(field, NulCharacters.MESSAGE));
            return null;
        }
        return text;
    }
}
