package id.ntt110.incident.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "incident")
public interface IncidentConfig {

    /** How far back pranks from a caller's number count in callerPrankCount. */
    @WithDefault("30d")
    Duration prankWindow();

    /** Region assumed for caller numbers written without a country code. */
    @WithDefault("ID")
    String defaultPhoneRegion();

    /** How far in the future occurredAt may lie (clock skew between desks). */
    @WithDefault("5m")
    Duration maxClockSkew();
}
