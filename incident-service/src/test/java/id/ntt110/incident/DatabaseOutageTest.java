package id.ntt110.incident;

import id.ntt110.testsupport.DatabaseOutageContract;
import id.ntt110.testsupport.RestartablePostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RestartablePostgresResource.class)
class DatabaseOutageTest extends DatabaseOutageContract {
}
