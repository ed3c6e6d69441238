package dev.eventpipe.shared.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The receipt's JSON form. */
public final class Receipts {

    private static final ObjectMapper MAPPER = Json.mapper();

    private Receipts() {
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
