package id.ntt110.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void aDateFarOutsideTheYearsOfAnyCallIsRefusedNamingTheParameter() {
        for (String date : new String[] {"+999999999-12-31", "+300000-01-01", "0000-01-01", "1582-10-10", "1999-12-31", "2101-01-01"}) {
            assertThatThrownBy(() -> QueryParams.date("to", date)).as(date).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.problem().errors()).singleElement().satisfies(error -> {
                        assertThat(error.field()).isEqualTo("to");
                        assertThat(error.message()).contains("outside 2000-01-01 to 2100-12-31");
                    }));
        }
    }

    @Test
    void datesWithinTheBoundsAreRead() {
        assertThat(QueryParams.date("from", "2000-01-01")).isEqualTo(LocalDate.of(2000, 1, 1));
        assertThat(QueryParams.date("from", " 2021-07-10 ")).isEqualTo(LocalDate.of(2021, 7, 10));
        assertThat(QueryParams.date("to", "2100-12-31")).isEqualTo(LocalDate.of(2100, 12, 31));
        assertThat(QueryParams.date("to", "")).isNull();
    }
}
