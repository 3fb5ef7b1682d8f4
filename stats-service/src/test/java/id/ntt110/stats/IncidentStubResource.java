package id.ntt110.stats;

import id.ntt110.testsupport.StubServiceResource;

/** A stand-in for incident-service; tests stub it (or stop it) through the injected server. */
public class IncidentStubResource extends StubServiceResource {

    public IncidentStubResource() {
        super("incident", server -> { });
    }
}
