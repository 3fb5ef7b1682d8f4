package id.ntt110.stats.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The wait histogram behind medianMinutesToFirstAttempt: its buckets, and how far its median may be from the exact one. */
class CallbackRollupTest {

    @Test
    void waitsFallIntoTheBucketOfTheirWholeMinutes() {
        assertThat(CallbackRollup.bucket(Duration.ZERO)).isZero();
        assertThat(CallbackRollup.bucket(Duration.ofSeconds(59))).isZero();
        assertThat(CallbackRollup.bucket(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(CallbackRollup.bucket(Duration.ofMinutes(10).plusSeconds(5))).isEqualTo(10); // [10, 12)
        assertThat(CallbackRollup.bucket(Duration.ofMinutes(11).plusSeconds(59))).isEqualTo(10);
        assertThat(CallbackRollup.bucket(Duration.ofMinutes(12))).isEqualTo(11);
        assertThat(CallbackRollup.bucket(Duration.ofDays(7))).isEqualTo(CallbackRollup.BUCKETS - 1);
        assertThat(CallbackRollup.bucket(Duration.ofDays(400))).isEqualTo(CallbackRollup.BUCKETS - 1);
        // an attempt logged a moment before the first miss (clock skew between desks) counts as no wait
        assertThat(CallbackRollup.bucket(Duration.ofSeconds(-30))).isZero();
    }

    @Test
    void theEstimatedMedianIsWithinHalfABucketOfTheExactOne() {
        Random random = new Random(16);
        for (int sample = 0; sample < 200; sample++) {
            int n = 1 + random.nextInt(500);
            double[] minutes = new double[n];
            long[] hist = new long[CallbackRollup.BUCKETS];
            // waits mostly under an hour, a tail up to two days
            for (int i = 0; i < n; i++) {
                minutes[i] = random.nextInt(10) == 0 ? random.nextDouble() * 2880 : random.nextDouble() * 60;
                hist[CallbackRollup.bucket(Duration.ofMillis((long) (minutes[i] * 60_000)))]++;
            }
            Arrays.sort(minutes);
            double exact = (minutes[(n - 1) / 2] + minutes[n / 2]) / 2;
            int b = CallbackRollup.bucket(Duration.ofMillis((long) (exact * 60_000)));
            double width = (b == 0 ? CallbackRollup.EDGES[0] : CallbackRollup.EDGES[b] - CallbackRollup.EDGES[b - 1]);
            assertThat(CallbackRollup.median(hist).doubleValue()).as("sample %d of %d waits", sample, n)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(width + 0.05));
        }
        assertThat(CallbackRollup.median(new long[CallbackRollup.BUCKETS])).isNull();
    }
}
