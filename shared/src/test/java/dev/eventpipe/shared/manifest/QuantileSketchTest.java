package dev.eventpipe.shared.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantileSketchTest {

    private static final double ERROR = QuantileSketch.RELATIVE_ACCURACY + 1e-12;

    @Test
    void answersEveryRank_withinTheRelativeAccuracy() {
        double[] values = values(new Random(1), 100_000);
        QuantileSketch sketch = sketchOf(values);
        double[] sorted = values.clone();
        Arrays.sort(sorted);

        for (int percent = 0; percent <= 100; percent++) {
            double rank = percent / 100.0;
            double exact = sorted[(int) Math.floor(rank * (sorted.length - 1))];

            assertThat(sketch.quantile(rank)).as("p%s", percent).isCloseTo(exact, within(ERROR * Math.abs(exact)));
        }
    }

    @Test
    void dependsOnTheValuesAlone_notTheirOrderOrHowTheyWereMerged() {
        double[] values = values(new Random(2), 30_000);
        double[] shuffled = values.clone();
        shuffle(shuffled, new Random(3));
        QuantileSketch merged = sketchOf(Arrays.copyOfRange(shuffled, 20_000, 30_000));
        merged.merge(sketchOf(Arrays.copyOfRange(shuffled, 0, 20_000)));

        assertThat(sketchOf(shuffled).toBytes()).isEqualTo(sketchOf(values).toBytes());
        assertThat(merged.toBytes()).isEqualTo(sketchOf(values).toBytes());
        assertThat(merged.count()).isEqualTo(values.length);
    }

    @Test
    void roundTrips_throughBytes() {
        QuantileSketch sketch = sketchOf(values(new Random(4), 10_000));

        QuantileSketch read = QuantileSketch.fromBytes(sketch.toBytes());

        assertThat(read.toBytes()).isEqualTo(sketch.toBytes());
        assertThat(read.count()).isEqualTo(10_000);
        assertThat(read.quantile(0.5)).isEqualTo(sketch.quantile(0.5));
    }

    @Test
    void isEmpty_withoutValues() {
        QuantileSketch empty = QuantileSketch.fromBytes(new QuantileSketch().toBytes());

        assertThat(empty.isEmpty()).isTrue();
        assertThatThrownBy(() -> empty.quantile(0.5)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsMalformedBytes() {
        byte[] bytes = sketchOf(values(new Random(5), 100)).toBytes();

        assertThatThrownBy(() -> QuantileSketch.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuantileSketch.fromBytes(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNaN() {
        assertThatThrownBy(() -> new QuantileSketch().add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Two-decimal lognormal amounts, many repeats, some negatives and zeros, a few far out. */
    private static double[] values(Random random, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double r = random.nextDouble();
            values[i] = r < 0.05 ? -random.nextInt(50)
                    : r < 0.06 ? random.nextInt(1_000_000) * 1e6
                    : Math.round(Math.exp(3.2 + random.nextGaussian()) * 100) / 100.0;
        }
        return values;
    }

    private static QuantileSketch sketchOf(double[] values) {
        QuantileSketch sketch = new QuantileSketch();
        for (double v : values) {
            sketch.add(v);
        }
        return sketch;
    }

    private static void shuffle(double[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
