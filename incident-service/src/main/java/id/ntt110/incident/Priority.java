package id.ntt110.incident;

public enum Priority {
    LOW, MEDIUM, HIGH, CRITICAL
}
