package id.ntt110.incident;

import static id.ntt110.incident.Incidents.create;
import static org.assertj.core.api.Assertions.assertThat;

import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithPostgres
class IncidentNumberingTest {

    @Test
    void fiftyConcurrentCreationsOnOneDeskGetFiftyDistinctConsecutiveNumbers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<String>> numbers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                int n = i;
                numbers.add(pool.submit(() -> create(Incidents.minimal("POLRES-LEMBATA", "Concurrent report " + n))
                        .statusCode(201).extract().<String>path("number")));
            }
            List<Integer> sequence = new ArrayList<>();
            for (Future<String> number : numbers) {
                String value = number.get();
                assertThat(value).matches("110/POLRES-LEMBATA/\\d{4}/\\d{6}");
                sequence.add(Integer.parseInt(value.substring(value.lastIndexOf('/') + 1)));
            }
            assertThat(sequence).doesNotHaveDuplicates();
            assertThat(sequence.stream().mapToInt(Integer::intValue).max().getAsInt()
                    - sequence.stream().mapToInt(Integer::intValue).min().getAsInt()).isEqualTo(49);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void eachDeskCountsOnItsOwn() {
        String belu = create(Incidents.minimal("POLRES-ROTE-NDAO", "First report")).statusCode(201).extract().path("number");
        String sikka = create(Incidents.minimal("POLRES-SIKKA", "First report")).statusCode(201).extract().path("number");
        assertThat(belu).startsWith("110/POLRES-ROTE-NDAO/");
        assertThat(sikka).startsWith("110/POLRES-SIKKA/");
    }
}
