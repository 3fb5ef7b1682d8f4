package id.ntt110.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

    @Test
    void findsAProgramOnThePath() {
        assertThat(RequiredTool.lookup("sh", "/nonexistent:/bin:/usr/bin")).hasValueSatisfying(p -> assertThat(p.getFileName()).isEqualTo(Path.of("sh")));
    }

    @Test
    void aMissingProgramSkipsTheTestOutsideCi() {
        assertThat(RequiredTool.lookup("ntt110-no-such-tool", "/bin:/usr/bin")).isEmpty();
        assertThatThrownBy(() -> RequiredTool.missing("kamailio", "kamailio", false)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y kamailio");
    }

    @Test
    void aMissingProgramFailsTheTestUnderCi() {
        assertThatThrownBy(() -> RequiredTool.missing("sipp", "sip-tester", true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI=true").hasMessageContaining("sip-tester");
    }
}
