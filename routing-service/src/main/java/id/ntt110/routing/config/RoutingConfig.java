package id.ntt110.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How routing-service locates callers, decides, and records its decisions. */
@ConfigMapping(prefix = "routing")
public interface RoutingConfig {

    /**
     * GeoJSON file of regency boundaries (env ROUTING_BOUNDARIES_FILE). Unset: the boundaries shipped with the reference
     * data; {@value #NO_BOUNDARIES}: none, GPS fixes go to the nearest regency capital.
     */
    Optional<String> boundariesFile();

    String NO_BOUNDARIES = "none";

    /** The feature property that holds the Kemendagri regency code. */
    @WithDefault("kode")
    String boundaryCodeProperty();

    /** A fix outside every boundary still routes to the nearest regency within this distance (coasts, boats). */
    @WithDefault("25")
    double maxOffshoreKm();

    /** Without boundaries: farther than this from every regency capital, a fix is outside NTT. */
    @WithDefault("150")
    double maxCapitalDistanceKm();

    /** Ring-no-answer time before a polres call overflows to Polda (the national 10-second rule). */
    @WithDefault("10")
    int ringNoAnswerSeconds();

    /** Destination of a desk until one is set with PUT /units/{code}/destination; {code} is replaced. */
    @WithDefault("sip:110@{code}.spkt.invalid")
    String defaultDestination();

    /** How often each replica checks whether another one changed the directory. */
    @WithDefault("1s")
    Duration snapshotPollInterval();

    /**
     * Where each replica saves the directory it last read (env ROUTING_SNAPSHOT_FILE), to start from it while the
     * database is down; unset: not saved, such a start routes by the reference data.
     */
    Optional<String> snapshotFile();

    /** A directory poll running longer than this is stuck: liveness goes DOWN so the pod is restarted. */
    @WithDefault("60s")
    Duration pollStuckAfter();

    Decisions decisions();

    Sip sip();

    /** What POST /routes/sip tells the SIP edge beyond the desks and their order. */
    interface Sip {
        /** The console's desk screen; each INVITE to a desk carries it, prefilled, in Call-Info. */
        @WithDefault("http://localhost:8080/desk")
        String deskUrl();

        /** A desk that sends no reply at all (not even 100/180) within this is given up on: next desk at once. */
        @WithDefault("2000")
        int noReplyMillis();

        /** How long the last desk (Polda) rings before the caller gets 480 and the call is a missed call. */
        @WithDefault("60")
        int lastDeskRingSeconds();
    }

    interface Decisions {
        /** Decisions waiting in memory for the database; beyond this they are dropped (counted, logged). */
        @WithDefault("20000")
        int bufferCapacity();

        /** The same buffer's bound in (estimated) bytes, whatever the decisions hold. */
        @WithDefault("16777216")
        long bufferMaxBytes();

        /** Rows per insert batch. */
        @WithDefault("500")
        int batchSize();

        /** Rows per delivery to stats-service. */
        @WithDefault("500")
        int deliveryBatchSize();

        /** How long a decision stats-service took (or refused) is kept before it is removed. */
        @WithDefault("30d")
        Duration retention();

        /** Longest wait between two delivery attempts of a decision stats-service did not take. */
        @WithDefault("60s")
        Duration maxDeliveryBackoff();
    }
}
