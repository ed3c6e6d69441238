package dev.eventpipe.shared.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The receipt's JSON form. */
public final class Receipts {

    private static final ObjectMapper MAPPER = Json.mapper();

    private Receipts() {
    }

    /**
     * The file's receipt from the processed bucket, or empty while it has none.
     *
     * @throws StoreException when the store fails
     */
    public static Optional<Receipt> read(ObjectStore store, String processedBucket, FileId file) {
        String key = Layout.receiptKey(file);
        Optional<InputStream> in = store.open(processedBucket, key, Optional.empty());
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            return Optional.of(fromJson(s.readAllBytes()));
        } catch (IOException e) {
            throw new StoreException("GetObject", processedBucket, key, e);
        }
    }

    public static byte[] toJson(Receipt receipt) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt always serialises", e);
        }
    }

    public static Receipt fromJson(byte[] json) {
        try {
            return MAPPER.readValue(json, Receipt.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a receipt: " + e.getMessage(), e);
        }
    }
}
