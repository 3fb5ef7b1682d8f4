package id.ntt110.rollout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One item of a rollout's go-live checklist. */
@Entity
@Table(name = "rollout_checklist")
@IdClass(ChecklistEntry.Key.class)
public class ChecklistEntry {

    @Id
    public String unit;

    @Id
    @Enumerated(EnumType.STRING)
    public ChecklistItem item;

    public boolean done;

    @Column(name = "done_at")
    public Instant doneAt;

    @Column(name = "done_by")
    public String doneBy;

    public String evidence;

    public static class Key implements Serializable {
        public String unit;
        public ChecklistItem item;

        public Key() {
        }

        public Key(String unit, ChecklistItem item) {
            this.unit = unit;
            this.item = item;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(unit, key.unit) && item == key.item;
        }

        @Override
        public int hashCode() {
            return Objects.hash(unit, item);
        }
    }
}
