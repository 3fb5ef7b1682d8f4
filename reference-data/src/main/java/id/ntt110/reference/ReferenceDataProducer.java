package id.ntt110.reference;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the bundled reference data a bean, loaded (and validated) when the service starts, not on first use. */
public class ReferenceDataProducer {

    @Produces
    @Singleton
    @Startup
    ReferenceData referenceData() {
        return ReferenceData.loadBundled();
    }
}
