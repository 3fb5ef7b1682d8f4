package id.ntt110.incident.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "incident")
public interface IncidentConfig {

    /** How far back pranks from a caller's number count in callerPrankCount. */
    @WithDefault("30d")
    Duration prankWindow();

    /**
     * Search totals are counted exactly up to this many matches; beyond it {@code total} says this number and
     * {@code totalExact} is false — counting a million matches for a page of 20 would cost more than the page.
     */
    @WithDefault("10000")
    int searchMaxExactTotal();

    /** How far in the future occurredAt may lie (clock skew between desks). */
    @WithDefault("5m")
    Duration maxClockSkew();
}
