package id.ntt110.rollout;

import id.ntt110.testsupport.StubServiceResource;

/** A stand-in for stats-service's call report; each test stubs the figures (or the failure) it needs. */
public class StatsStubResource extends StubServiceResource {

    public StatsStubResource() {
        super("stats", server -> { });
    }
}
