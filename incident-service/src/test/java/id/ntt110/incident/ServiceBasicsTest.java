package id.ntt110.incident;

import id.ntt110.testsupport.ServiceBasicsContract;
import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithPostgres
class ServiceBasicsTest extends ServiceBasicsContract {

    @Override
    protected String serviceName() {
        return "incident-service";
    }
}
