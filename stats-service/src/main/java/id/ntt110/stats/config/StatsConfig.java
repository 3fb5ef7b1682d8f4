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

    /** Asterisk's Master.csv (cdr_csv) on POST /cdrs with Content-Type text/csv. */
    CdrCsv cdrCsv();

    interface Callbacks {

        /** How often the call-back queue's worker looks for callers a failure or a crash left marked. */
        @WithDefault("2s")
        java.time.Duration sweepInterval();
    }

    interface CdrCsv {

        /** The zone of the file's local times: Asterisk writes its host's (UTC with cdr.conf's usegmtime=yes). */
        @WithDefault("Asia/Makassar")
        java.time.ZoneId zone();

        /** The desk of a row when the request names none (?unit=). */
        Desks desks();

        interface Desks {

            /**
             * Channel name prefix → desk code, e.g. {@code stats.cdr-csv.desks.channel."PJSIP/polres-belu-"=POLRES-BELU};
             * matched against the row's dstchannel (the desk phone the call was put through to), then its channel (the
             * line it came in on, at a desk's own PBX); the longest matching prefix wins.
             */
            java.util.Map<String, String> channel();

            /** dcontext → desk code, e.g. {@code stats.cdr-csv.desks.dcontext.polres-ende=POLRES-ENDE}, when no prefix matches. */
            java.util.Map<String, String> dcontext();
        }
    }
}
