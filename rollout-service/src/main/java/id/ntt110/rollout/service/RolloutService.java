package id.ntt110.rollout.service;

import id.ntt110.rollout.client.RoutingApi;

import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemException;
import id.ntt110.problem.ProblemTypes;
import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.Unit;
import id.ntt110.reference.UnitStatus;
import id.ntt110.rollout.ChecklistEntry;
import id.ntt110.rollout.ChecklistItem;
import id.ntt110.rollout.Rollout;
import id.ntt110.rollout.RolloutHistoryEntry;
import id.ntt110.rollout.RolloutHistoryEntry.Action;
import id.ntt110.rollout.RolloutRepository;
import id.ntt110.rollout.RoutingChange;
import id.ntt110.rollout.Stage;
import id.ntt110.rollout.rest.RolloutPayloads.ChecklistUpdate;
import id.ntt110.rollout.rest.RolloutPayloads.ChecklistView;
import id.ntt110.rollout.rest.RolloutPayloads.Contact;
import id.ntt110.rollout.rest.RolloutPayloads.HistoryView;
import id.ntt110.rollout.rest.RolloutPayloads.RolloutView;
import id.ntt110.rollout.rest.RolloutPayloads.ScheduledGoLive;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The rollout rules: checklist, stages only forward, the go-live gate, scheduled go-lives and rollbacks. Every change
 * takes the rollout's row lock, writes its history and — for go-live and rollback — the outbox row for routing-service,
 * all in one transaction.
 */
@ApplicationScoped
public class RolloutService {

    public static final URI CHECKLIST_INCOMPLETE = ProblemTypes.type("checklist-incomplete");
    public static final URI STAGE_CONFLICT = ProblemTypes.type("stage-conflict");
    private static final String SEEDER = "reference-data";

    /** Just the outcome of a go-live request: done now, or accepted for later. */
    public record GoLiveOutcome(RolloutView rollout, boolean scheduled) {
    }

    private final RolloutRepository rollouts;
    private final ReferenceData reference;

    public RolloutService(RolloutRepository rollouts, ReferenceData reference) {
        this.rollouts = rollouts;
        this.reference = reference;
    }

    /** Every desk that does not answer 110 yet gets a rollout; replicas starting together create each once. */
    void seed(@Observes StartupEvent start) {
        seedPendingDesks();
    }

    public void seedPendingDesks() {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            for (Unit unit : reference.units()) {
                if (unit.statusJuly2021() == UnitStatus.PENDING && rollouts.insertIfAbsent(unit.code(), now)) {
                    for (ChecklistItem item : ChecklistItem.values()) {
                        ChecklistEntry entry = new ChecklistEntry();
                        entry.unit = unit.code();
                        entry.item = item;
                        rollouts.getEntityManager().persist(entry);
                    }
                    rollouts.record(RolloutHistoryEntry.of(unit.code(), now, SEEDER, Action.SEEDED, null,
                            fields("stage", Stage.PLANNING), "110 desk pending in the reference data"));
                    Log.infof("Rollout of %s created", unit.code());
                }
            }
        });
    }

    @Transactional
    public List<RolloutView> list() {
        var checklists = rollouts.allChecklists();
        var syncs = rollouts.syncStates();
        return rollouts.listAll().stream().map(r -> view(r, checklists.getOrDefault(r.unit, Map.of()),
                syncs.getOrDefault(r.unit, RolloutRepository.SyncState.NONE))).toList();
    }

    @Transactional
    public RolloutView find(String unit) {
        return view(rollouts.findByIdOptional(unit).orElseThrow(() -> unknown(unit)));
    }

    @Transactional
    public List<HistoryView> history(String unit) {
        rollouts.findByIdOptional(unit).orElseThrow(() -> unknown(unit));
        return rollouts.history(unit).stream()
                .map(h -> new HistoryView(h.at, h.actor, h.action, h.before, h.after, h.note)).toList();
    }

    @Transactional
    public RolloutView updateChecklist(String unit, String itemName, ChecklistUpdate update) {
        ChecklistItem item = item(itemName);
        String evidence = update.evidence() == null || update.evidence().isBlank() ? null : update.evidence().strip();
        if (update.done() && item.evidenceRequired() && evidence == null) {
            throw ProblemException.invalid("evidence", item + " needs evidence when done"
                    + (item == ChecklistItem.TEST_CALLS_PASSED ? ": which test calls, from which carriers, when" : ": the trunk or circuit reference and who provisioned it"));
        }
        Rollout rollout = locked(unit);
        ChecklistEntry entry = rollouts.checklist(unit).get(item);
        if (entry.done == update.done() && Objects.equals(entry.evidence, evidence)) {
            return view(rollout);
        }
        Instant now = now();
        Map<String, Object> before = fields("item", item, "done", entry.done, "evidence", entry.evidence, "doneBy", entry.doneBy);
        entry.done = update.done();
        entry.evidence = evidence;
        entry.doneAt = update.done() ? now : null;
        entry.doneBy = update.done() ? update.by().strip() : null;
        Map<String, Object> after = fields("item", item, "done", entry.done, "evidence", entry.evidence, "doneBy", entry.doneBy);
        touch(rollout, now);
        rollouts.record(RolloutHistoryEntry.of(unit, now, update.by().strip(), Action.CHECKLIST, before, after, null));
        return view(rollout);
    }

    @Transactional
    public RolloutView patch(String unit, RolloutPatch patch) {
        Rollout rollout = locked(unit);
        if (patch.stage() != null) {
            checkStageChange(rollout, patch.stage());
        }
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        if (patch.hasTargetDate() && !Objects.equals(rollout.targetDate, patch.targetDate())) {
            before.put("targetDate", plain(rollout.targetDate));
            after.put("targetDate", plain(patch.targetDate()));
            rollout.targetDate = patch.targetDate();
        }
        if (patch.blockers() != null && !patch.blockers().equals(rollout.blockers)) {
            before.put("blockers", rollout.blockers);
            after.put("blockers", patch.blockers());
            rollout.blockers = patch.blockers();
        }
        if (patch.stage() != null && patch.stage() != rollout.stage) {
            before.put("stage", plain(rollout.stage));
            after.put("stage", plain(patch.stage()));
            rollout.stage = patch.stage();
        }
        if (patch.hasContact() && (!Objects.equals(rollout.contactName, patch.contactName())
                || !Objects.equals(rollout.contactPhone, patch.contactPhone()))) {
            before.put("contact", plain(contact(rollout)));
            rollout.contactName = patch.contactName();
            rollout.contactPhone = patch.contactPhone();
            after.put("contact", plain(contact(rollout)));
        }
        if (!after.isEmpty()) {
            Instant now = now();
            touch(rollout, now);
            rollouts.record(RolloutHistoryEntry.of(unit, now, actor(patch.by()), Action.UPDATED, before, after, null));
        }
        return view(rollout);
    }

    /**
     * Goes live now, or schedules it when {@code at} is in the future. Refused while any checklist item is open. Going
     * live again while LIVE changes nothing.
     */
    static final Instant LATEST_GO_LIVE = Instant.parse("2100-01-01T00:00:00Z");

    @Transactional
    public GoLiveOutcome goLive(String unit, String by, Instant at) {
        // The same sane range as every date the services take (2000–2100); a year such as +300000 was a 500.
        if (at != null && !at.isBefore(LATEST_GO_LIVE)) {
            throw ProblemException.invalid("at", "must be before 2100-01-01");
        }
        Rollout rollout = locked(unit);
        if (rollout.stage == Stage.LIVE) {
            return new GoLiveOutcome(view(rollout), false);
        }
        requireChecklistComplete(rollout);
        Instant now = now();
        String actor = by.strip();
        if (at != null && at.isAfter(now)) {
            Map<String, Object> before = fields("scheduledGoLive", rollout.goLiveAt);
            rollout.goLiveAt = at.truncatedTo(ChronoUnit.MICROS);
            rollout.goLiveBy = actor;
            touch(rollout, now);
            rollouts.record(RolloutHistoryEntry.of(unit, now, actor, Action.GO_LIVE_SCHEDULED, before,
                    fields("scheduledGoLive", rollout.goLiveAt), null));
            return new GoLiveOutcome(view(rollout), true);
        }
        goLiveNow(rollout, actor, now, null);
        return new GoLiveOutcome(view(rollout), false);
    }

    /**
     * Carries out the next due scheduled go-live, if any; false when none is due. The row lock taken with SKIP LOCKED
     * and the schedule cleared in the same transaction make each go-live happen once, whichever replica gets it.
     */
    public boolean runDueGoLive() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Rollout rollout = rollouts.claimDueGoLive().orElse(null);
            if (rollout == null) {
                return false;
            }
            Instant now = now();
            String scheduledFor = rollout.goLiveAt.toString();
            List<ChecklistItem> missing = missingItems(rollout.unit);
            if (!missing.isEmpty()) {
                Map<String, Object> before = fields("scheduledGoLive", rollout.goLiveAt);
                rollout.goLiveAt = null;
                rollout.goLiveBy = null;
                touch(rollout, now);
                rollouts.record(RolloutHistoryEntry.of(rollout.unit, now, "scheduler", Action.GO_LIVE_CANCELLED, before,
                        fields("scheduledGoLive", null), "checklist no longer complete: " + names(missing)));
                Log.warnf("Scheduled go-live of %s cancelled: checklist items %s are open", rollout.unit, names(missing));
                return true;
            }
            goLiveNow(rollout, rollout.goLiveBy, now, "scheduled for " + scheduledFor);
            Log.infof("Scheduled go-live of %s carried out (scheduled for %s)", rollout.unit, scheduledFor);
            return true;
        });
    }

    /** Back to PENDING in routing; also cancels a go-live that was scheduled but has not happened. */
    @Transactional
    public RolloutView rollback(String unit, String by, String reason) {
        Rollout rollout = locked(unit);
        if (rollout.stage == Stage.ROLLED_BACK && rollout.goLiveAt == null) {
            return view(rollout);
        }
        if (rollout.stage != Stage.LIVE && rollout.goLiveAt == null) {
            throw ProblemException.conflict(STAGE_CONFLICT, unit + " is in " + rollout.stage
                    + " and has no go-live scheduled: there is nothing to roll back.");
        }
        Instant now = now();
        String actor = by.strip();
        Map<String, Object> before = fields("stage", rollout.stage, "liveAt", rollout.liveAt, "scheduledGoLive", rollout.goLiveAt);
        rollout.stage = Stage.ROLLED_BACK;
        rollout.liveAt = null;
        rollout.goLiveAt = null;
        rollout.goLiveBy = null;
        rollout.rollbackReason = reason.strip();
        touch(rollout, now);
        rollouts.queueRoutingChange(routingChange(unit, "PENDING", "Rollout rolled back: " + rollout.rollbackReason, actor, now));
        rollouts.record(RolloutHistoryEntry.of(unit, now, actor, Action.ROLLBACK, before,
                fields("stage", Stage.ROLLED_BACK, "liveAt", null, "scheduledGoLive", null), rollout.rollbackReason));
        return view(rollout);
    }

    private void goLiveNow(Rollout rollout, String actor, Instant now, String note) {
        Map<String, Object> before = fields("stage", rollout.stage, "liveAt", rollout.liveAt, "scheduledGoLive", rollout.goLiveAt);
        rollout.stage = Stage.LIVE;
        rollout.liveAt = now;
        rollout.goLiveAt = null;
        rollout.goLiveBy = null;
        rollout.rollbackReason = null;
        touch(rollout, now);
        rollouts.queueRoutingChange(routingChange(rollout.unit, "LIVE", "Rollout go-live: checklist complete", actor, now));
        rollouts.record(RolloutHistoryEntry.of(rollout.unit, now, actor, Action.GO_LIVE, before,
                fields("stage", Stage.LIVE, "liveAt", now, "scheduledGoLive", null), note));
    }

    private static RoutingChange routingChange(String unit, String status, String reason, String actor, Instant now) {
        RoutingChange change = new RoutingChange();
        change.changeId = "rollout-" + UUID.randomUUID();
        change.unit = unit;
        change.status = status;
        // Within routing's limit, or it would refuse the change for ever; the full reason stays in the rollout's history.
        change.reason = reason.length() <= RoutingApi.MAX_REASON_LENGTH ? reason
                : reason.substring(0, RoutingApi.MAX_REASON_LENGTH - 1) + "…";
        change.changedBy = actor;
        change.createdAt = now;
        change.state = RoutingChange.State.PENDING;
        change.nextAttemptAt = now;
        return change;
    }

    private void checkStageChange(Rollout rollout, Stage target) {
        if (target == Stage.LIVE) {
            throw ProblemException.conflict(STAGE_CONFLICT, "A rollout becomes LIVE through POST /rollouts/" + rollout.unit
                    + "/go-live, which checks the checklist and switches routing.");
        }
        if (target == Stage.ROLLED_BACK) {
            throw ProblemException.conflict(STAGE_CONFLICT, "A rollout is rolled back through POST /rollouts/" + rollout.unit
                    + "/rollback, which switches routing back and records the reason.");
        }
        if (rollout.stage == Stage.LIVE) {
            throw ProblemException.conflict(STAGE_CONFLICT, rollout.unit + " is LIVE; roll it back before changing its stage.");
        }
        // After a rollback the work restarts wherever the managers say; otherwise stages only move forward.
        if (rollout.stage != Stage.ROLLED_BACK && target.ordinal() < rollout.stage.ordinal()) {
            throw ProblemException.conflict(STAGE_CONFLICT, rollout.unit + " is in " + rollout.stage + "; stages only move forward ("
                    + names(Arrays.stream(Stage.values()).filter(Stage::isPreparation).toList()).replace(", ", " → ")
                    + "), so it cannot go back to " + target + ". Roll back a live rollout instead.");
        }
    }

    private void requireChecklistComplete(Rollout rollout) {
        List<ChecklistItem> missing = missingItems(rollout.unit);
        if (!missing.isEmpty()) {
            List<Problem.FieldError> errors = missing.stream()
                    .map(item -> new Problem.FieldError("checklist." + item, "not done")).toList();
            throw new ProblemException(new Problem(CHECKLIST_INCOMPLETE, "Checklist incomplete", 409,
                    rollout.unit + " cannot go live: " + missing.size() + " checklist item(s) not done: " + names(missing) + ".",
                    null, errors));
        }
    }

    private List<ChecklistItem> missingItems(String unit) {
        var checklist = rollouts.checklist(unit);
        return Arrays.stream(ChecklistItem.values()).filter(item -> checklist.get(item) == null || !checklist.get(item).done).toList();
    }

    private Rollout locked(String unit) {
        return rollouts.findForUpdate(unit).orElseThrow(() -> unknown(unit));
    }

    private ProblemException unknown(String unit) {
        return ProblemException.notFound("There is no rollout for " + unit + "; rollouts exist for "
                + names(rollouts.listAll().stream().map(r -> r.unit).toList()) + ".");
    }

    private static ChecklistItem item(String name) {
        try {
            return ChecklistItem.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("item", "must be one of " + names(Arrays.asList(ChecklistItem.values())));
        }
    }

    private RolloutView view(Rollout rollout) {
        return view(rollout, rollouts.checklist(rollout.unit), rollouts.syncState(rollout.unit));
    }

    private RolloutView view(Rollout r, Map<ChecklistItem, ChecklistEntry> checklist, RolloutRepository.SyncState sync) {
        Unit unit = reference.unit(r.unit).orElse(null);
        List<ChecklistView> items = new ArrayList<>();
        int done = 0;
        for (ChecklistItem item : ChecklistItem.values()) {
            ChecklistEntry entry = checklist.get(item);
            boolean isDone = entry != null && entry.done;
            done += isDone ? 1 : 0;
            items.add(new ChecklistView(item, isDone, entry == null ? null : entry.doneAt, entry == null ? null : entry.doneBy,
                    entry == null ? null : entry.evidence, item.evidenceRequired()));
        }
        BigDecimal progress = BigDecimal.valueOf(done).divide(BigDecimal.valueOf(items.size()), 2, RoundingMode.HALF_UP);
        return new RolloutView(r.unit, unit == null ? null : unit.name(), unit == null ? List.of() : unit.regencies(), r.stage,
                items, r.targetDate, r.blockers == null ? List.of() : r.blockers, contact(r), progress, r.liveAt,
                r.goLiveAt == null ? null : new ScheduledGoLive(r.goLiveAt, r.goLiveBy), r.rollbackReason, sync.sync(),
                sync.attempts() > 0 ? sync.attempts() : null, sync.lastError(), r.updatedAt, r.version);
    }

    private static Contact contact(Rollout r) {
        return r.contactName == null && r.contactPhone == null ? null : new Contact(r.contactName, r.contactPhone);
    }

    private static void touch(Rollout rollout, Instant now) {
        rollout.updatedAt = now;
    }

    private static String actor(String by) {
        return by == null ? "unspecified" : by;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String names(List<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }

    /** An ordered map that, unlike Map.of, keeps null values: "was not set" is part of an audit record. */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], plain(keysAndValues[i + 1]));
        }
        return map;
    }

    /** History is stored as plain JSON: texts, booleans, lists and maps only. */
    private static Object plain(Object value) {
        if (value instanceof Contact c) {
            return fields("name", c.name(), "phone", c.phone());
        }
        return value instanceof Enum<?> e ? e.name()
                : value instanceof Instant || value instanceof java.time.LocalDate ? value.toString() : value;
    }
}
