package id.ntt110.rollout.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** rollout-service settings; each can be set from the environment (ROLLOUT_ROUTING_SYNC_MAX_BACKOFF, …). */
@ConfigMapping(prefix = "rollout")
public interface RolloutConfig {

    /** How often scheduled go-lives and the outbox towards routing-service are checked. */
    @WithDefault("1s")
    Duration tick();

    RoutingSyncConfig routingSync();

    interface RoutingSyncConfig {
        /** The longest wait between two attempts to tell routing-service (exponential backoff from 1 s). */
        @WithDefault("60s")
        Duration maxBackoff();

        /** How many outbox rows one relay run sends at most. */
        @WithDefault("50")
        int maxPerRun();
    }
}
