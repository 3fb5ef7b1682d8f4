package id.ntt110.routing;

import id.ntt110.testsupport.ServiceBasicsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithRoutingTestResources
class ServiceBasicsTest extends ServiceBasicsContract {

    @Override
    protected String serviceName() {
        return "routing-service";
    }

    /** Routing is ready when it can route, which it can without its database (DESIGN rule 1). */
    @Override
    protected String readinessCheck() {
        return "Routing snapshot";
    }
}
