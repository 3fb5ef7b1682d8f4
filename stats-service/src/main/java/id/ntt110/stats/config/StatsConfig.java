package id.ntt110.stats.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "stats")
public interface StatsConfig {

    /** "Answered within" threshold in seconds: 10 is the national rule (NENA uses 15 or 20); one of 5, 10, 15, 20, 30, 60. */
    @WithDefault("10")
    int answerThresholdSeconds();

    /** Largest batch of legs or decisions one request may carry. */
    @WithDefault("10000")
    int maxBatch();

    Callbacks callbacks();

    interface Callbacks {

        /** How often the call-back queue's worker looks for callers a failure or a crash left marked. */
        @WithDefault("2s")
        java.time.Duration sweepInterval();
    }
}
