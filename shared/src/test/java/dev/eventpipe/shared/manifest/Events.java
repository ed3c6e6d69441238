package dev.eventpipe.shared.manifest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded, generated event rows shaped like {@code shared/bench/gen_events.py}: skewed event types and
 * actions, Zipf-like users plus a few heavy hitters and non-ASCII ids, amounts on about a third of the
 * rows with the odd one that needs the exact {@code BigDecimal} path. Same seed, same rows.
 */
final class Events {

    static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    static final List<String> HEAVY_HITTERS = List.of("heavy-1", "heavy-2", "heavy-3");

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final String[] EVENT_TYPES = {"page_view", "page_view", "page_view", "click", "click",
            "add_to_cart", "search", "purchase", "login", "logout"};
    private static final String[] ACTIONS = {"view", "view", "view", "scroll", "tap", "submit", "open", "close",
            "share", "like", "save"};
    private static final String[] UNICODE_USERS = {"ユーザー7", "üser-ß", "😀-42", "användare", "χρήστης",
            "user\u0301", "👩\u200d💻"};

    /** One valid record as the schema hands it over. */
    record Row(long epochMillis, String eventType, String action, String userId, String amount) {
        LocalDate date() {
            return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
        }
    }

    private final Random random;
    private final int users;
    private final double heavyShare;

    /**
     * @param users      size of the ordinary user pool
     * @param heavyShare share of rows going to the three heavy hitters (half, a third, a sixth of it)
     */
    Events(long seed, int users, double heavyShare) {
        this.random = new Random(seed);
        this.users = users;
        this.heavyShare = heavyShare;
    }

    /** Rows of one file, in file order: timestamps over {@link #DAY}, spilling onto the next day when asked. */
    List<Row> file(int rows, boolean spillsToNextDay) {
        long start = DAY.toEpochDay() * MILLIS_PER_DAY;
        long span = spillsToNextDay ? 2 * MILLIS_PER_DAY : MILLIS_PER_DAY;
        List<Row> file = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            file.add(new Row(start + (long) (random.nextDouble() * span), pick(EVENT_TYPES),
                    random.nextDouble() < 0.15 ? null : pick(ACTIONS), user(), amount()));
        }
        return file;
    }

    private String user() {
        double r = random.nextDouble();
        if (r < heavyShare) {
            return HEAVY_HITTERS.get(r < heavyShare / 2 ? 0 : r < heavyShare * 5 / 6 ? 1 : 2);
        }
        if (r < heavyShare + 0.02) {
            return pick(UNICODE_USERS);
        }
        return "u" + (int) (users * Math.pow(random.nextDouble(), 2.2));
    }

    private String amount() {
        double r = random.nextDouble();
        if (r < 0.30) {
            return String.format(Locale.ROOT, "%.2f", Math.min(9999.99, Math.exp(3.2 + random.nextGaussian())));
        }
        if (r < 0.33) {
            return "-" + random.nextInt(50);
        }
        if (r < 0.34) {
            return String.format(Locale.ROOT, "0.%08d", random.nextInt(100_000_000)); // 8 places: BigDecimal path
        }
        if (r < 0.341) {
            return "123456789012345." + random.nextInt(10); // 15 integer digits: BigDecimal path
        }
        return null;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
